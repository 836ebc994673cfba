export * from './lab-context';
export * from './lab-stack';
export * from './guardrails';
export * from './lab-app';
export * from './lab-bucket';
export * from './lab-versions';
