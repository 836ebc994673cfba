import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { addLabStack, LabContext, LabStack, LabStackProps } from '../../../lib/lab';

const ctx = (over: Partial<LabContext> = {}): LabContext => ({
  drillId: 'sample', module: '02', student: 'alice', expiresAt: '2030-01-01T08:00:00Z', budgetUsd: 10, ...over,
});

/** A deliberately over-permissioned lab, as a trap would be. */
class OpenLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);
    new iam.Role(this, 'Admin', { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')] });
    new iam.User(this, 'Person');
    const vpc = new ec2.Vpc(this, 'Vpc', { natGateways: 0, maxAzs: 1, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const sg = new ec2.SecurityGroup(this, 'Sg', { vpc });
    const cidr = this.node.tryGetContext('ingress');
    if (cidr) sg.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443));
  }
}

function synth(over: Partial<LabContext> = {}, ingress?: string) {
  const app = new App({ context: ingress ? { ingress } : {} });
  const stack = addLabStack(app, OpenLab, ctx(over));
  return Template.fromStack(stack as Stack);
}

describe('guardrails', () => {
  test('the stack is named per student and drill', () => {
    const app = new App();
    expect(addLabStack(app, OpenLab, ctx()).stackName).toBe('awswo-alice-sample');
  });
  test('every role and user, trap or not, gets the permissions boundary', () => {
    const t = synth();
    const boundary = { Ref: expect.stringMatching(/^AwswoGuardrailsPermissionsBoundary/) };
    for (const [, r] of Object.entries(t.findResources('AWS::IAM::Role'))) expect(r.Properties.PermissionsBoundary).toEqual(boundary);
    for (const [, r] of Object.entries(t.findResources('AWS::IAM::User'))) expect(r.Properties.PermissionsBoundary).toEqual(boundary);
  });
  test('the boundary keeps lab roles in the lab region and away from other students and identity changes', () => {
    const t = synth();
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'OnlyInTheLabRegion', Condition: { StringEquals: { 'aws:RequestedRegion': { Ref: 'AWS::Region' } } } }),
          Match.objectLike({ Sid: 'NoIdentityOrAccountChanges', Effect: 'Deny' }),
          Match.objectLike({ Sid: 'NoOtherStudentsResources', Effect: 'Deny', Condition: Match.objectLike({ StringNotEquals: { 'aws:ResourceTag/awswo:student': 'alice' } }) }),
        ]),
      },
    });
  });
  test('taggable resources carry the awswo tags, expiry included', () => {
    const t = synth();
    for (const tag of [
      { Key: 'awswo:drill', Value: 'sample' },
      { Key: 'awswo:student', Value: 'alice' },
      { Key: 'awswo:expires-at', Value: '2030-01-01T08:00:00Z' },
    ]) {
      t.hasResourceProperties('AWS::EC2::VPC', { Tags: Match.arrayWith([tag]) });
    }
  });
  test('the lab deletes itself at expiry through EventBridge Scheduler, no custom code', () => {
    const t = synth();
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'at(2030-01-01T08:00:00)',
      ScheduleExpressionTimezone: 'UTC',
      Target: Match.objectLike({ Arn: 'arn:aws:scheduler:::aws-sdk:cloudformation:deleteStack', Input: '{"StackName":"awswo-alice-sample"}' }),
    });
    t.resourceCountIs('AWS::Lambda::Function', 0);
  });
  test('a monthly budget on the student\'s tag alerts at 80 %', () => {
    const t = synth({ budgetUsd: 25, budgetEmail: 'ops@example.com' });
    t.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({ BudgetLimit: { Amount: 25, Unit: 'USD' }, CostFilters: { TagKeyValue: ['user:awswo:student$alice'] } }),
      NotificationsWithSubscribers: [Match.objectLike({ Notification: Match.objectLike({ Threshold: 80 }) })],
    });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });
  test('no ingress without an allowed CIDR, and none wider than it', () => {
    expect(() => synth({}, '203.0.113.0/24')).toThrow(/no allowedCidr was given/);
    expect(() => synth({ allowedCidr: '203.0.113.0/24' }, '0.0.0.0/0')).toThrow(/wider than the allowed CIDR 203.0.113.0\/24/);
    expect(() => synth({ allowedCidr: '203.0.113.0/24' }, '203.0.113.0/28')).not.toThrow();
  });
});
