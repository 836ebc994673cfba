import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { findings } from './nag-test-util';

const RULE = 'IAMNoUserInlinePolicy';
const read = () => new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] });

describe(RULE, () => {
  test('Noncompliance 1: a statement added to the user', () => {
    const s = new Stack();
    new iam.User(s, 'User').addToPrincipalPolicy(read());
    expect(findings(s, RULE)).toEqual(['Default/User/DefaultPolicy/Resource']);
  });
  test('Noncompliance 2: a managed policy attached to the user directly', () => {
    const s = new Stack();
    const user = new iam.User(s, 'User');
    user.addManagedPolicy(new iam.ManagedPolicy(s, 'Policy', { statements: [read()] }));
    expect(findings(s, RULE)).toEqual(['Default/User/Resource']);
  });
  test('Compliance: permissions through a group', () => {
    const s = new Stack();
    const group = new iam.Group(s, 'Group');
    group.addToPolicy(read());
    group.addUser(new iam.User(s, 'User'));
    expect(findings(s, RULE)).toEqual([]);
  });
});
