import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { deployedProperties } from '../private/policy-document';

/** Every lab role and user has a permissions boundary, so even a trap role cannot act outside the lab. */
export const info = 'An IAM role or user has no permissions boundary.';
export const explanation = 'Every lab principal carries the awswo boundary so that no lab can act outside itself.';
export const level = NagMessageLevel.ERROR;

export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (node.cfnResourceType !== 'AWS::IAM::Role' && node.cfnResourceType !== 'AWS::IAM::User') return NagRuleCompliance.NOT_APPLICABLE;
    return deployedProperties(node).PermissionsBoundary ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
