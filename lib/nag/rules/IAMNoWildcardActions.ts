import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnGroup, CfnManagedPolicy, CfnPolicy, CfnRole, CfnUser } from 'aws-cdk-lib/aws-iam';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isWildcardAction } from '../../checks/iam/action';
import { deployedProperties, isAttachedManagedPolicy, statements, toList } from '../private/policy-document';

/**
 * Identity policies grant no `*` or `service:*` actions, and no NotAction allow.
 * A managed policy attached to nothing (a permissions boundary) grants nothing and is skipped.
 */
export const info = 'An identity policy allows a wildcard action (* or service:*) or uses NotAction.';
export const explanation = 'Least privilege names the actions a workload needs; wildcards grant every future action too.';
export const level = NagMessageLevel.ERROR;

export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    const props = deployedProperties(node);
    const documents: unknown[] = [];
    if (node instanceof CfnPolicy) documents.push(props.PolicyDocument);
    else if (node instanceof CfnManagedPolicy) {
      if (!isAttachedManagedPolicy(node)) return NagRuleCompliance.NOT_APPLICABLE;
      documents.push(props.PolicyDocument);
    } else if (node instanceof CfnRole || node instanceof CfnUser || node instanceof CfnGroup) {
      for (const p of toList(props.Policies)) documents.push(p.PolicyDocument);
    } else return NagRuleCompliance.NOT_APPLICABLE;

    for (const doc of documents) {
      for (const s of statements(doc)) {
        if (s.Effect !== 'Allow') continue;
        if (s.NotAction !== undefined) return NagRuleCompliance.NON_COMPLIANT;
        if (toList(s.Action).some(isWildcardAction)) return NagRuleCompliance.NON_COMPLIANT;
      }
    }
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
