import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { findings } from './nag-test-util';

const RULE = 'IAMNoWildcardActions';
const lambdaRole = (s: Stack, id = 'Role') => new iam.Role(s, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

describe(RULE, () => {
  test('Noncompliance 1: * action in a role policy', () => {
    const s = new Stack();
    lambdaRole(s).addToPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));
    expect(findings(s, RULE)).toEqual(['Default/Role/DefaultPolicy/Resource']);
  });
  test('Noncompliance 2: service:* action in an inline policy on the role', () => {
    const s = new Stack();
    new iam.Role(s, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: { p: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::b/*'] })] }) },
    });
    expect(findings(s, RULE)).toEqual(['Default/Role/Resource']);
  });
  test('Noncompliance 3: NotAction allow in an attached managed policy', () => {
    const s = new Stack();
    const policy = new iam.ManagedPolicy(s, 'Policy', { statements: [new iam.PolicyStatement({ notActions: ['iam:*'], resources: ['*'] })] });
    lambdaRole(s).addManagedPolicy(policy);
    expect(findings(s, RULE)).toEqual(['Default/Policy/Resource']);
  });
  test('Compliance: named actions, wildcard deny, and an unattached boundary policy', () => {
    const s = new Stack();
    const role = lambdaRole(s);
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }));
    role.addToPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['*'], resources: ['*'] }));
    new iam.ManagedPolicy(s, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })] });
    expect(findings(s, RULE)).toEqual([]);
  });
});
