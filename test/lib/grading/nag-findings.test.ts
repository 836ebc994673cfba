import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { nagFindings } from '../../../lib/grading/nag-findings';

describe('nagFindings', () => {
  test('an acknowledged finding is still reported, with the acknowledgement\'s reason', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));
    Validations.of(role).acknowledge({ id: 'Awswo-IAMNoWildcardActions', reason: 'it is fine, trust me' });
    app.synth();
    const f = nagFindings(stack).filter((x) => x.rule === 'Awswo-IAMNoWildcardActions');
    expect(f).toEqual([expect.objectContaining({ path: 'Role/DefaultPolicy/Resource', severity: 'error', acknowledgedWith: 'it is fine, trust me' })]);
  });
  test('both packs run: AwsSolutions and Awswo', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() }).addToPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));
    const rules = new Set(nagFindings(stack).map((f) => f.rule.split('-')[0]));
    expect(rules).toEqual(new Set(['Awswo', 'AwsSolutions']));
  });
});
