import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { deployedProperties } from '../private/policy-document';

/** Every lab role and user has a permissions boundary, so even a trap role cannot act outside the lab. */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (node.cfnResourceType !== 'AWS::IAM::Role' && node.cfnResourceType !== 'AWS::IAM::User') return NagRuleCompliance.NOT_APPLICABLE;
    return deployedProperties(node).PermissionsBoundary ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
