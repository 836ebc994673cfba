export * from './awswo-checks';
export * as rules from './rules';
export * from './course-packs';
