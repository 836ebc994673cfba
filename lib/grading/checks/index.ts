export * from './iam';
export * from './iam-policy';
export * from './nag';
export * from './runbook';
export * from './resource';
export * from './tags';
export * from './environment';
