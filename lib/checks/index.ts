export * from './iam/static';
export { isWildcardAction } from './iam/action';
export { iamMatch } from './iam/pattern';
export { describeGrant, grantHasAction, grantHasResource, iamModel, IamModel } from './iam/model';
export * from './nag/static';
export * from './documents/static';
export * from './resource/static';
export * from './tags/static';
export * from './environment/static';
