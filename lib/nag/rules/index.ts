// One line per rule file: the file name is the rule name (rule id `Awswo-<name>`).
export * as AutoScalingELBHealthCheck from './AutoScalingELBHealthCheck';
export * as IAMHasPermissionsBoundary from './IAMHasPermissionsBoundary';
export * as IAMNoAdminManagedPolicy from './IAMNoAdminManagedPolicy';
export * as IAMNoUserInlinePolicy from './IAMNoUserInlinePolicy';
export * as IAMNoWildcardActions from './IAMNoWildcardActions';
export * as LogGroupHasRetention from './LogGroupHasRetention';
