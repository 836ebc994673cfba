export { default as IAMHasPermissionsBoundary } from './IAMHasPermissionsBoundary';
export { default as IAMNoAdminManagedPolicy } from './IAMNoAdminManagedPolicy';
export { default as IAMNoUserInlinePolicy } from './IAMNoUserInlinePolicy';
export { default as IAMNoWildcardActions } from './IAMNoWildcardActions';
