import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { findings } from './nag-test-util';

const RULE = 'IAMNoAdminManagedPolicy';

describe(RULE, () => {
  test('Noncompliance 1: AdministratorAccess on a role', () => {
    const s = new Stack();
    new iam.Role(s, 'Role', { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')] });
    expect(findings(s, RULE)).toEqual(['Default/Role/Resource']);
  });
  test('Noncompliance 2: PowerUserAccess on a group', () => {
    const s = new Stack();
    new iam.Group(s, 'Group', { managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess')] });
    expect(findings(s, RULE)).toEqual(['Default/Group/Resource']);
  });
  test('Noncompliance 3: IAMFullAccess on a user, written as a literal ARN', () => {
    const s = new Stack();
    new iam.User(s, 'User', { managedPolicies: [iam.ManagedPolicy.fromManagedPolicyArn(s, 'P', 'arn:aws:iam::aws:policy/IAMFullAccess')] });
    expect(findings(s, RULE)).toEqual(['Default/User/Resource']);
  });
  test('Compliance: a narrow AWS managed policy and a customer managed one', () => {
    const s = new Stack();
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')] });
    role.addManagedPolicy(new iam.ManagedPolicy(s, 'Mine', { statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] }));
    expect(findings(s, RULE)).toEqual([]);
  });
});
