import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnManagedPolicy, CfnPolicy, CfnUser } from 'aws-cdk-lib/aws-iam';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { deployedProperties, toList } from '../private/policy-document';

/** Users get permissions through groups or roles, never through policies of their own. */
export const info = 'An IAM user has a policy of its own.';
export const explanation = 'Permissions on users are hard to audit and to revoke; grant them through groups or roles.';
export const level = NagMessageLevel.ERROR;

export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    const props = deployedProperties(node);
    if (node instanceof CfnUser) {
      const own = toList(props.Policies).length > 0 || toList(props.ManagedPolicyArns).length > 0;
      return own ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
    }
    if (node instanceof CfnPolicy || node instanceof CfnManagedPolicy) {
      return toList(props.Users).length > 0 ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
    }
    return NagRuleCompliance.NOT_APPLICABLE;
  },
  'name',
  { value: parse(__filename).name },
);
