import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { findings } from './nag-test-util';

const RULE = 'IAMHasPermissionsBoundary';

describe(RULE, () => {
  test('Noncompliance 1: a role without a boundary', () => {
    const s = new Stack();
    new iam.Role(s, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    expect(findings(s, RULE)).toEqual(['Default/Role/Resource']);
  });
  test('Noncompliance 2: a user without a boundary', () => {
    const s = new Stack();
    new iam.User(s, 'User');
    expect(findings(s, RULE)).toEqual(['Default/User/Resource']);
  });
  test('Compliance: a boundary given directly, and one applied by PermissionsBoundary.of (an aspect override)', () => {
    const app = new App();
    const s = new Stack(app, 'S');
    const boundary = new iam.ManagedPolicy(s, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] });
    new iam.Role(s, 'Direct', { assumedBy: new iam.AccountRootPrincipal(), permissionsBoundary: boundary });
    new iam.User(s, 'ViaAspect');
    iam.PermissionsBoundary.of(s).apply(boundary);
    app.synth(); // aspects run at synth
    expect(findings(s, RULE)).toEqual([]);
  });
});
