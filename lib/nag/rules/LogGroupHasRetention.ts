import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { deployedProperties } from '../private/policy-document';

/** Logs are kept as long as someone needs them, then expire. */
export const info = 'A CloudWatch Logs log group keeps its logs forever.';
export const explanation =
  'Without RetentionInDays a log group never expires its events: storage grows and is billed forever, and logs nobody '
  + 'needs any more (with the data in them) are kept. Set a retention that matches how long investigations and audits need them.';
export const level = NagMessageLevel.ERROR;

export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnLogGroup)) return NagRuleCompliance.NOT_APPLICABLE;
    const days = deployedProperties(node).RetentionInDays;
    return days === undefined || days === null ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
