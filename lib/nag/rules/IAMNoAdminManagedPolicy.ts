import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnGroup, CfnRole, CfnUser } from 'aws-cdk-lib/aws-iam';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { deployedProperties, toList } from '../private/policy-document';

const ADMIN = /:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;

/** Flattens `Fn::Join` ARNs (`arn:` + partition + `:iam::aws:policy/...`) to text. */
function text(v: unknown): string {
  if (typeof v === 'string') return v;
  const join = (v as any)?.['Fn::Join'];
  return Array.isArray(join) ? (join[1] as unknown[]).map((p) => (typeof p === 'string' ? p : '')).join(join[0]) : '';
}

/** No role, user or group carries an AWS managed policy that amounts to account control. */
export const info = 'A role, user or group has AdministratorAccess, PowerUserAccess or IAMFullAccess attached.';
export const explanation = 'Admin policies turn any compromise of the principal into a compromise of the account.';
export const level = NagMessageLevel.ERROR;

export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnRole || node instanceof CfnUser || node instanceof CfnGroup)) return NagRuleCompliance.NOT_APPLICABLE;
    const arns = toList(deployedProperties(node).ManagedPolicyArns);
    return arns.some((a) => ADMIN.test(text(a))) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
