export * from './iam/static';
export * from './iam/policy';
export * from './nag/static';
export * from './documents/static';
export * from './resource/static';
export * from './tags/static';
export * from './environment/static';
