import { CloudFormationClient, CloudFormationServiceException, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, CloudWatchServiceException, DescribeAlarmsCommand, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client, ElasticLoadBalancingV2ServiceException } from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import drill from '../../../../drills/04-deploy/asg-rollback-ready/drill';
import { liveHealthCheckPath, liveRollbackAlarm } from '../../../../drills/04-deploy/asg-rollback-ready/live';
import { fakeAwsEnv, liveHarness, REGION } from '../../../lib/live/fixtures';

beforeAll(fakeAwsEnv);

const ACCOUNT = '123456789012';
const STACK_NAME = 'awswo-alice-asg-rollback-ready';
const STACK_ID = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${STACK_NAME}/5b9c6d40-7f3e-11ef-9a1b-0a1b2c3d4e5f`;
const TG_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/awswo-WebTa-1A2B3C4D5E6F/0123456789abcdef`;
const LB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/awswo-WebAl-7G8H9I0J1K2L/fedcba9876543210`;
const ALARM_NAME = 'awswo-alice-asg-rollback-ready-RollbackAlarm5A7B3C9D-Xy1Zw2Vu3Ts4';
const ALARM_ARN = `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${ALARM_NAME}`;
const DEPLOYED = [
  { logicalId: 'WebTargets2F627E77', physicalId: TG_ARN, type: 'AWS::ElasticLoadBalancingV2::TargetGroup' },
  { logicalId: 'WebAlb916F4A49', physicalId: LB_ARN, type: 'AWS::ElasticLoadBalancingV2::LoadBalancer' },
];
const { stack, run } = liveHarness(drill, DEPLOYED);

const meta = { httpStatusCode: 400, requestId: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b', attempts: 1, totalRetryDelay: 0 };
const elbDenied = () => new ElasticLoadBalancingV2ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'not authorized to perform: elasticloadbalancing:DescribeTargetGroups', $metadata: { ...meta, httpStatusCode: 403 } });
const cwThrottled = () => new CloudWatchServiceException({ name: 'Throttling', $fault: 'client', message: 'Rate exceeded', $metadata: meta });
const cfnDenied = () => new CloudFormationServiceException({ name: 'AccessDenied', $fault: 'client', message: 'not authorized to perform: cloudformation:DescribeStacks', $metadata: { ...meta, httpStatusCode: 403 } });

const elb = mockClient(ElasticLoadBalancingV2Client);
const cfn = mockClient(CloudFormationClient);
const cw = mockClient(CloudWatchClient);
afterEach(() => {
  elb.reset();
  cfn.reset();
  cw.reset();
});
afterAll(() => {
  elb.restore();
  cfn.restore();
  cw.restore();
});

describe('liveHealthCheckPath', () => {
  const check = liveHealthCheckPath('c', 'WebTargets', '/health');
  const tg = (HealthCheckPath: string, HealthCheckPort = 'traffic-port') =>
    elb.on(DescribeTargetGroupsCommand, { TargetGroupArns: [TG_ARN] }).resolves({ TargetGroups: [{ TargetGroupArn: TG_ARN, Port: 80, HealthCheckPath, HealthCheckPort, Matcher: { HttpCode: '200' } }] });
  test('Compliance: /health on the traffic port', async () => {
    tg('/health');
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: 'deployed WebTargets health-checks /health on the traffic port' });
    expect(evidence).toEqual([{ call: 'elasticloadbalancing:DescribeTargetGroups', request: { TargetGroupArns: [TG_ARN] }, observed: { HealthCheckPath: '/health', HealthCheckPort: 'traffic-port', Port: 80, Matcher: '200' } }]);
  });
  test('Noncompliance 1: still probes /', async () => {
    tg('/');
    expect((await run(check)).verdict).toEqual({ status: 'fail', message: 'deployed WebTargets health-checks /, not /health: a broken application still looks healthy' });
  });
  test('Noncompliance 2: another port', async () => {
    tg('/health', '8080');
    expect((await run(check)).verdict.message).toBe('deployed WebTargets health-checks port 8080, but the web servers listen on 80');
  });
  test('Noncompliance 3: not in the deployed stack', async () => {
    expect((await run(check, stack(['WebTargets2F627E77']))).verdict.message).toBe(`WebTargets is not in the deployed stack ${STACK_NAME}: fix it, don't delete it, and deploy`);
  });
  test('SDK errors propagate unchanged (AccessDenied)', async () => {
    elb.on(DescribeTargetGroupsCommand).rejects(elbDenied());
    await expect(run(check)).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('liveRollbackAlarm', () => {
  const check = liveRollbackAlarm('c', 'RollbackAlarmArn', ['WebTargets', 'WebAlb']);
  const outputs = (value?: string) => cfn.on(DescribeStacksCommand, { StackName: STACK_ID }).resolves({
    Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date('2026-03-02T09:14:07Z'), Outputs: value ? [{ OutputKey: 'RollbackAlarmArn', OutputValue: value }] : [] }],
  });
  const UNHEALTHY: MetricAlarm = {
    AlarmName: ALARM_NAME,
    AlarmArn: ALARM_ARN,
    Namespace: 'AWS/ApplicationELB',
    MetricName: 'UnHealthyHostCount',
    Dimensions: [{ Name: 'LoadBalancer', Value: 'app/awswo-WebAl-7G8H9I0J1K2L/fedcba9876543210' }, { Name: 'TargetGroup', Value: 'targetgroup/awswo-WebTa-1A2B3C4D5E6F/0123456789abcdef' }],
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    Threshold: 1,
    StateValue: 'OK',
  };
  const alarm = (a: MetricAlarm) => cw.on(DescribeAlarmsCommand, { AlarmNames: [ALARM_NAME] }).resolves({ MetricAlarms: [a] });
  test('Compliance: the output names an alarm on the deployed target group', async () => {
    outputs(ALARM_ARN);
    alarm(UNHEALTHY);
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: `output RollbackAlarmArn exports alarm ${ALARM_NAME}, which watches the deployed fleet (UnHealthyHostCount GreaterThanOrEqualToThreshold 1)` });
    expect(evidence.map((e) => e.call)).toEqual(['cloudformation:DescribeStacks', 'cloudwatch:DescribeAlarms']);
    expect(evidence[0].observed).toEqual({ Outputs: [{ OutputKey: 'RollbackAlarmArn', OutputValue: ALARM_ARN }] });
    expect(evidence[1].observed).toMatchObject({ AlarmArn: ALARM_ARN, MetricName: 'UnHealthyHostCount', ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });
  test('Noncompliance 1: no output', async () => {
    outputs();
    expect((await run(check)).verdict).toEqual({ status: 'fail', message: `the deployed stack ${STACK_NAME} has no output RollbackAlarmArn: add a CfnOutput with the rollback alarm's ARN and deploy` });
    expect(cw.commandCalls(DescribeAlarmsCommand)).toHaveLength(0);
  });
  test('Noncompliance 2: the output names an alarm that does not exist', async () => {
    outputs(ALARM_ARN);
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    expect((await run(check)).verdict.message).toBe(`output RollbackAlarmArn names alarm ${ALARM_NAME}, which does not exist in CloudWatch`);
  });
  test('Noncompliance 3: the alarm watches something other than the fleet', async () => {
    outputs(ALARM_ARN);
    alarm({ ...UNHEALTHY, Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [] });
    expect((await run(check)).verdict.message).toMatch(/cannot trigger a rollback: it watches AWS\/EC2\/CPUUtilization/);
  });
  test('Noncompliance 4: the alarm fires when unhealthy hosts fall', async () => {
    outputs(ALARM_ARN);
    alarm({ ...UNHEALTHY, ComparisonOperator: 'LessThanThreshold' });
    expect((await run(check)).verdict.message).toMatch(/it alarms when UnHealthyHostCount is LessThanThreshold, not when it rises$/);
  });
  test('Noncompliance 5: the output is not an alarm ARN', async () => {
    outputs(TG_ARN);
    expect((await run(check)).verdict.message).toBe(`output RollbackAlarmArn is ${TG_ARN}, not the ARN of a CloudWatch alarm`);
  });
  test('SDK errors propagate unchanged (Throttling on DescribeAlarms, AccessDenied on DescribeStacks)', async () => {
    outputs(ALARM_ARN);
    cw.on(DescribeAlarmsCommand).rejects(cwThrottled());
    await expect(run(check)).rejects.toMatchObject({ name: 'Throttling' });
    cfn.on(DescribeStacksCommand).rejects(cfnDenied());
    await expect(run(check)).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('asg-rollback-ready declares its live checks', () => {
  test('the health-check path and rollback trigger have live checks with exact calls; the ASG objectives have none', () => {
    const live = Object.fromEntries(drill.objectives.map((o) => [o.id, (o.liveChecks ?? []).map((c) => [c.id, ...c.apiCalls])]));
    expect(live).toEqual({
      'elb-health-checks': [],
      'gradual-rollout': [],
      'health-check-path': [['health-path-live', 'elasticloadbalancing:DescribeTargetGroups']],
      'rollback-trigger': [['rollback-alarm-live', 'cloudformation:DescribeStacks', 'cloudwatch:DescribeAlarms']],
      'change-recorded': [],
    });
  });
});
