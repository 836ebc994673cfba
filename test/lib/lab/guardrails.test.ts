import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RemovalPolicy } from 'aws-cdk-lib';
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

/** Lambda functions with and without a log group of their own, a CDK custom resource, and a listener. */
class FunctionsLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);
    const code = lambda.Code.fromInline('exports.handler = async () => ({})');
    const own = new logs.LogGroup(this, 'OwnLogs', { removalPolicy: RemovalPolicy.DESTROY, retention: logs.RetentionDays.ONE_DAY });
    new lambda.Function(this, 'WithLogs', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code, logGroup: own });
    new lambda.Function(this, 'WithoutLogs', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code });
    // autoDeleteObjects: CDK's own custom-resource handler, a raw AWS::Lambda::Function.
    new s3.Bucket(this, 'Bucket', { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
    const vpc = new ec2.Vpc(this, 'Vpc', { natGateways: 0, maxAzs: 2, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PUBLIC }] });
    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc });
    alb.addListener('Http', { port: 80, open: false, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
  }
}

describe('guardrails', () => {
  test('every Lambda function writes to a log group of the stack, which destroy deletes after the function', () => {
    const stack = addLabStack(new App(), FunctionsLab, ctx());
    const t = Template.fromStack(stack as Stack);
    const functions = t.findResources('AWS::Lambda::Function');
    const groups = t.findResources('AWS::Logs::LogGroup');
    expect(Object.keys(functions)).toHaveLength(3);
    for (const [id, fn] of Object.entries(functions)) {
      const ref = fn.Properties.LoggingConfig?.LogGroup?.Ref;
      expect({ id, logGroup: ref && groups[ref] ? 'a stack log group' : fn.Properties.LoggingConfig }).toEqual({ id, logGroup: 'a stack log group' });
      expect(groups[ref].DeletionPolicy).toBe('Delete');
    }
    // The function that had one keeps it; the others get one each under the guardrails.
    const withLogs = Object.entries(functions).find(([id]) => id.startsWith('WithLogs'))![1];
    expect(withLogs.Properties.LoggingConfig.LogGroup.Ref).toMatch(/^OwnLogs/);
    const added = Object.entries(groups).filter(([id]) => id.startsWith('AwswoGuardrails'));
    expect(added).toHaveLength(2);
    for (const [, g] of added) expect(g.Properties.RetentionInDays).toBe(7);
  });
  test('ELBv2 listeners carry no Tags (CloudFormation schemas that refuse them still exist); the load balancer does', () => {
    const t = Template.fromStack(addLabStack(new App(), FunctionsLab, ctx()) as Stack);
    for (const [, l] of Object.entries(t.findResources('AWS::ElasticLoadBalancingV2::Listener'))) expect(l.Properties.Tags).toBeUndefined();
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Tags: Match.arrayWith([{ Key: 'awswo:student', Value: 'alice' }]) });
  });

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
