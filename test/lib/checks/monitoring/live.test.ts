import { CloudWatchClient, CompositeAlarm, DescribeAlarmsCommand, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeFlowLogsCommand, EC2Client, FlowLog } from '@aws-sdk/client-ec2';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import {
  liveAlarmsNotify, liveAlarmsWatch, liveCompositeOver, liveFlowLogs, liveLogRetention, liveTopicEnforcesTls, liveTreatMissingData, MetricSpec, tlsPolicyProblem,
} from '../../../../lib/checks/monitoring/live';
import { ACCOUNT, awsError, fakeContext, REGION, STACK } from '../../../drills/05-incident/fake-context';

const cw = mockClient(CloudWatchClient);
const sns = mockClient(SNSClient);
const logs = mockClient(CloudWatchLogsClient);
const ec2 = mockClient(EC2Client);
beforeEach(() => {
  cw.reset();
  sns.reset();
  logs.reset();
  ec2.reset();
});

const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:${STACK}-OpsTopic1B68409C-Xk2aB9cD3eF4`;
const BUDGET_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:${STACK}-AwswoGuardrailsBudgetAlertsCBCE1173-Qq1`;
const ALB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/awswo-WebAl-1UYT2V0Q3B4C5/6f1d2c3b4a596877`;
const TG_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/awswo-WebTa-7QWERTY12345/0a1b2c3d4e5f6a7b`;
const name = (id: string) => `${STACK}-${id}-A1B2C3D4E5F6`;
const res = (logicalId: string, type: string, physicalId: string) => ({ logicalId, type, physicalId });

const byConstruct = {
  OpsTopic: res('OpsTopic1B68409C', 'AWS::SNS::Topic', TOPIC_ARN),
  Http5xxAlarm: res('Http5xxAlarm2F844FC7', 'AWS::CloudWatch::Alarm', name('Http5xxAlarm2F844FC7')),
  HealthyHostsAlarm: res('HealthyHostsAlarm981A3ACD', 'AWS::CloudWatch::Alarm', name('HealthyHostsAlarm981A3ACD')),
  DbCpuAlarm: res('DbCpuAlarmF24BD102', 'AWS::CloudWatch::Alarm', name('DbCpuAlarmF24BD102')),
  WebAlb: res('WebAlb916F4A49', 'AWS::ElasticLoadBalancingV2::LoadBalancer', ALB_ARN),
  WebTargets: res('WebTargets2F627E77', 'AWS::ElasticLoadBalancingV2::TargetGroup', TG_ARN),
  OrdersDb: res('OrdersDb889E652A', 'AWS::RDS::DBInstance', 'awswo-alice-silent-alarms-ordersdb889e652a-x1y2z3'),
  Vpc: res('Vpc8378EB38', 'AWS::EC2::VPC', 'vpc-0a1b2c3d4e5f67890'),
  AppLogs: res('AppLogsC5DF83A6', 'AWS::Logs::LogGroup', `${STACK}-AppLogsC5DF83A6-9zYxWvUtSrQp`),
};
const COMPOSITE_NAME = name('ServiceDownAlarm3F2A1B0C');
const extra = [
  res('AwswoGuardrailsBudgetAlertsCBCE1173', 'AWS::SNS::Topic', BUDGET_ARN),
  res('ServiceDownAlarm3F2A1B0C', 'AWS::CloudWatch::CompositeAlarm', COMPOSITE_NAME),
  res('FlowLogsE0A8D3F2', 'AWS::Logs::LogGroup', `${STACK}-FlowLogsE0A8D3F2-aBcDeFgHiJkL`),
];
const ctx = () => fakeContext({ byConstruct, extra });

const TLS_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{
    Sid: 'AllowPublishThroughSSLOnly', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: TOPIC_ARN,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  }],
});
const DEFAULT_POLICY = JSON.stringify({
  Version: '2008-10-17', Id: '__default_policy_ID',
  Statement: [{ Sid: '__default_statement_ID', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['SNS:Publish', 'SNS:Subscribe'], Resource: TOPIC_ARN, Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } } }],
});

/** A DescribeAlarms metric alarm as CloudWatch returns it. */
function metricAlarm(physical: string, extraProps: Partial<MetricAlarm> = {}): MetricAlarm {
  return {
    AlarmName: physical,
    AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${physical}`,
    ActionsEnabled: true,
    OKActions: [],
    AlarmActions: [TOPIC_ARN],
    InsufficientDataActions: [],
    StateValue: 'OK',
    StateUpdatedTimestamp: new Date('2025-06-01T09:00:00Z'),
    Statistic: 'Minimum',
    Period: 60,
    EvaluationPeriods: 2,
    Threshold: 1,
    ComparisonOperator: 'LessThanThreshold',
    TreatMissingData: 'breaching',
    ...extraProps,
  };
}
const HEALTHY_DIMS = [
  { Name: 'LoadBalancer', Value: 'app/awswo-WebAl-1UYT2V0Q3B4C5/6f1d2c3b4a596877' },
  { Name: 'TargetGroup', Value: 'targetgroup/awswo-WebTa-7QWERTY12345/0a1b2c3d4e5f6a7b' },
];
const healthy = (p: Partial<MetricAlarm> = {}) =>
  metricAlarm(byConstruct.HealthyHostsAlarm.physicalId, { Namespace: 'AWS/ApplicationELB', MetricName: 'HealthyHostCount', Dimensions: HEALTHY_DIMS, ...p });
const http5xx = (p: Partial<MetricAlarm> = {}) =>
  metricAlarm(byConstruct.Http5xxAlarm.physicalId, { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count', Dimensions: [HEALTHY_DIMS[0]], TreatMissingData: 'notBreaching', ...p });
const dbCpu = (p: Partial<MetricAlarm> = {}) =>
  metricAlarm(byConstruct.DbCpuAlarm.physicalId, { Namespace: 'AWS/RDS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: byConstruct.OrdersDb.physicalId }], ...p });
const composite = (rule: string, p: Partial<CompositeAlarm> = {}): CompositeAlarm => ({
  AlarmName: COMPOSITE_NAME, AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${COMPOSITE_NAME}`, ActionsEnabled: true, AlarmActions: [TOPIC_ARN], OKActions: [TOPIC_ARN], AlarmRule: rule, StateValue: 'OK' as const, ...p,
});
const arnOf = (physical: string) => `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${physical}`;
const ANY_OF = `(ALARM("${arnOf(byConstruct.HealthyHostsAlarm.physicalId)}") OR ALARM("${arnOf(byConstruct.Http5xxAlarm.physicalId)}"))`;

const ERRORS = [
  ['throttling', awsError('Throttling', 'Rate exceeded')],
  ['access denied', awsError('AccessDenied', `User: arn:aws:sts::${ACCOUNT}:assumed-role/grader/x is not authorized to perform: cloudwatch:DescribeAlarms`, 403)],
  ['expired credentials', awsError('ExpiredToken', 'The security token included in the request is expired', 403)],
] as const;

describe('tlsPolicyProblem', () => {
  test('a Deny on sns:Publish without SecureTransport passes; the default policy does not', () => {
    expect(tlsPolicyProblem(TLS_POLICY)).toBeUndefined();
    expect(tlsPolicyProblem(DEFAULT_POLICY)).toMatch(/does not deny sns:Publish/);
    expect(tlsPolicyProblem(undefined)).toMatch(/no access policy/);
    expect(tlsPolicyProblem('{not json')).toMatch(/not valid JSON/);
  });
});

describe('liveAlarmsNotify', () => {
  const check = liveAlarmsNotify('live-alarms-notify', ['Http5xxAlarm', 'HealthyHostsAlarm', 'DbCpuAlarm'], { throughComposite: true });

  test('pass: every alarm notifies the TLS-only topic; evidence names actions and the policy', async () => {
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [http5xx(), healthy(), dbCpu()], CompositeAlarms: [] });
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { TopicArn: TOPIC_ARN, Policy: TLS_POLICY } });
    const c = ctx();
    expect(await check.run(c)).toMatchObject({ status: 'pass' });
    expect(c.evidence).toEqual(expect.arrayContaining([
      { call: 'cloudwatch:DescribeAlarms', request: { AlarmNames: [byConstruct.HealthyHostsAlarm.physicalId] }, observed: expect.objectContaining({ AlarmActions: [TOPIC_ARN], ActionsEnabled: true }) },
      { call: 'sns:GetTopicAttributes', request: { TopicArn: TOPIC_ARN }, observed: expect.objectContaining({ enforcesTls: true }) },
    ]));
    expect(sns.commandCalls(GetTopicAttributesCommand)).toHaveLength(1);
    expect(check.apiCalls).toEqual(['cloudwatch:DescribeAlarms', 'sns:GetTopicAttributes']);
  });

  test('pass: an alarm without actions is covered by a composite alarm over it that notifies', async () => {
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [http5xx(), healthy({ AlarmActions: [] }), dbCpu()], CompositeAlarms: [composite(ANY_OF)] });
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { Policy: TLS_POLICY } });
    expect(await check.run(ctx())).toMatchObject({ status: 'pass' });
  });

  test('fail: no action, disabled actions, the guardrail topic, a topic without TLS', async () => {
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [http5xx({ AlarmActions: [BUDGET_ARN] }), healthy({ AlarmActions: [] }), dbCpu({ ActionsEnabled: false })],
      CompositeAlarms: [],
    });
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { Policy: TLS_POLICY } });
    const v = await check.run(ctx());
    expect(v.status).toBe('fail');
    expect(v.message).toContain('Http5xxAlarm\'s alarm action');
    expect(v.message).toContain('is not an SNS topic of the lab');
    expect(v.message).toContain('HealthyHostsAlarm has no alarm action');
    expect(v.message).toContain('DbCpuAlarm has its actions disabled');
  });

  test('fail: the topic keeps its default policy (no TLS deny)', async () => {
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [http5xx(), healthy(), dbCpu()] });
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { Policy: DEFAULT_POLICY } });
    const v = await check.run(ctx());
    expect(v).toMatchObject({ status: 'fail', message: expect.stringContaining('does not deny sns:Publish when aws:SecureTransport is false') });
  });

  test('error: an alarm in the stack was deleted by hand; fail: one not deployed at all', async () => {
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [http5xx(), dbCpu()] });
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { Policy: TLS_POLICY } });
    expect(await check.run(ctx())).toMatchObject({ status: 'error', message: expect.stringContaining('HealthyHostsAlarm') });
    const missing = fakeContext({ byConstruct: { ...byConstruct, HealthyHostsAlarm: undefined as never }, extra });
    expect(await check.run(missing)).toMatchObject({ status: 'fail', message: expect.stringContaining('HealthyHostsAlarm is not in the deployed stack') });
  });

  test('ok actions are required when asked for', async () => {
    const withOk = liveAlarmsNotify('ok', ['HealthyHostsAlarm'], { okActions: true });
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [healthy()] });
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { Policy: TLS_POLICY } });
    expect(await withOk.run(ctx())).toMatchObject({ status: 'fail', message: 'HealthyHostsAlarm has no OK action' });
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [healthy({ OKActions: [TOPIC_ARN] })] });
    expect(await withOk.run(ctx())).toMatchObject({ status: 'pass' });
  });

  test('follows NextToken', async () => {
    cw.on(DescribeAlarmsCommand)
      .resolvesOnce({ MetricAlarms: [http5xx()], NextToken: 'page-2' })
      .resolvesOnce({ MetricAlarms: [healthy(), dbCpu()] });
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { Policy: TLS_POLICY } });
    expect(await check.run(ctx())).toMatchObject({ status: 'pass' });
    expect(cw.commandCalls(DescribeAlarmsCommand)[1].args[0].input.NextToken).toBe('page-2');
  });

  test.each(ERRORS)('SDK errors propagate unchanged: %s', async (_n, err) => {
    cw.on(DescribeAlarmsCommand).rejects(err);
    await expect(check.run(ctx())).rejects.toBe(err);
  });

  test('SNS errors propagate too (topic not found)', async () => {
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [http5xx(), healthy(), dbCpu()] });
    const notFound = awsError('NotFound', 'Topic does not exist', 404);
    sns.on(GetTopicAttributesCommand).rejects(notFound);
    await expect(check.run(ctx())).rejects.toBe(notFound);
  });
});

describe('liveAlarmsWatch', () => {
  const ELB = 'AWS/ApplicationELB';
  const specs: MetricSpec[] = [
    { alarm: 'Http5xxAlarm', namespace: ELB, metricName: 'HTTPCode_Target_5XX_Count', dimensions: { LoadBalancer: { loadBalancer: 'WebAlb' } } },
    { alarm: 'HealthyHostsAlarm', namespace: ELB, metricName: 'HealthyHostCount', dimensions: { LoadBalancer: { loadBalancer: 'WebAlb' }, TargetGroup: { targetGroup: 'WebTargets' } } },
    { alarm: 'DbCpuAlarm', namespace: 'AWS/RDS', metricName: 'CPUUtilization', dimensions: { DBInstanceIdentifier: { ref: 'OrdersDb' } } },
  ];
  const check = liveAlarmsWatch('live-metrics', specs);

  test('pass: dimensions are the deployed ALB, target group and database', async () => {
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [http5xx(), healthy(), dbCpu()] });
    const c = ctx();
    expect(await check.run(c)).toMatchObject({ status: 'pass' });
    expect(c.evidence.find((e) => e.request?.AlarmNames && (e.request.AlarmNames as string[])[0] === byConstruct.HealthyHostsAlarm.physicalId)?.observed).toMatchObject({
      expected: { LoadBalancer: 'app/awswo-WebAl-1UYT2V0Q3B4C5/6f1d2c3b4a596877', TargetGroup: 'targetgroup/awswo-WebTa-7QWERTY12345/0a1b2c3d4e5f6a7b' },
    });
  });

  test('error: an alarm deleted by hand, whatever else is wrong (named too)', async () => {
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [http5xx({ Dimensions: [] }), dbCpu()] });
    const v = await check.run(ctx());
    expect(v).toMatchObject({ status: 'error', message: expect.stringContaining(`HealthyHostsAlarm (${byConstruct.HealthyHostsAlarm.physicalId}) no longer exists in CloudWatch`) });
    expect(v.message).toContain('Http5xxAlarm');
  });

  test('pass: a metric-math alarm whose MetricStat is the right metric', async () => {
    const math = http5xx({ MetricName: undefined, Namespace: undefined, Dimensions: undefined, Metrics: [
      { Id: 'm1', ReturnData: false, MetricStat: { Metric: { Namespace: ELB, MetricName: 'HTTPCode_Target_5XX_Count', Dimensions: [HEALTHY_DIMS[0]] }, Period: 60, Stat: 'Sum' } },
      { Id: 'e1', Expression: 'FILL(m1, 0)', ReturnData: true },
    ] });
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [math, healthy(), dbCpu()] });
    expect(await check.run(ctx())).toMatchObject({ status: 'pass' });
  });

  test('fail: a dimension copied from elsewhere, the Classic ELB namespace', async () => {
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [http5xx({ Dimensions: [{ Name: 'LoadBalancer', Value: 'app/awswo-orders/50dc6c495c0c9188' }] }), healthy({ Namespace: 'AWS/ELB' }), dbCpu()],
    });
    const v = await check.run(ctx());
    expect(v.status).toBe('fail');
    expect(v.message).toContain('Http5xxAlarm dimension LoadBalancer is app/awswo-orders/50dc6c495c0c9188, but the deployed WebAlb is app/awswo-WebAl-1UYT2V0Q3B4C5/6f1d2c3b4a596877');
    expect(v.message).toContain('HealthyHostsAlarm watches namespace AWS/ELB');
  });

  test('fail: an extra dimension, a missing one', async () => {
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [http5xx({ Dimensions: [...HEALTHY_DIMS, { Name: 'AvailabilityZone', Value: 'eu-west-1a' }] }), healthy({ Dimensions: [HEALTHY_DIMS[1]] }), dbCpu()],
    });
    const v = await check.run(ctx());
    expect(v.message).toContain('extra dimension(s) TargetGroup, AvailabilityZone');
    expect(v.message).toContain('HealthyHostsAlarm dimension LoadBalancer is unset');
  });

  test.each(ERRORS)('SDK errors propagate unchanged: %s', async (_n, err) => {
    cw.on(DescribeAlarmsCommand).rejects(err);
    await expect(check.run(ctx())).rejects.toBe(err);
  });
});

describe('liveTreatMissingData', () => {
  const check = liveTreatMissingData('live-missing', 'HealthyHostsAlarm', 'breaching');
  test('pass and fail', async () => {
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [healthy()] });
    expect(await check.run(ctx())).toMatchObject({ status: 'pass' });
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [healthy({ TreatMissingData: 'notBreaching' })] });
    const c = ctx();
    expect(await check.run(c)).toEqual({ status: 'fail', message: 'the deployed HealthyHostsAlarm treats missing data as notBreaching, want breaching' });
    expect(c.evidence[0].observed).toEqual({ AlarmName: byConstruct.HealthyHostsAlarm.physicalId, TreatMissingData: 'notBreaching' });
  });
  test('error: deleted outside CloudFormation', async () => {
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    expect(await check.run(ctx())).toMatchObject({ status: 'error', message: expect.stringContaining('deleted outside CloudFormation') });
  });
  test.each(ERRORS)('SDK errors propagate unchanged: %s', async (_n, err) => {
    cw.on(DescribeAlarmsCommand).rejects(err);
    await expect(check.run(ctx())).rejects.toBe(err);
  });
});

describe('liveCompositeOver', () => {
  const check = liveCompositeOver('live-composite', ['HealthyHostsAlarm', 'Http5xxAlarm']);
  test('pass: ALARM(a) OR ALARM(b), notifying the TLS topic', async () => {
    cw.on(DescribeAlarmsCommand).resolves({ CompositeAlarms: [composite(ANY_OF)] });
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { Policy: TLS_POLICY } });
    const c = ctx();
    expect(await check.run(c)).toMatchObject({ status: 'pass' });
    expect(c.evidence[0].observed).toMatchObject({ AlarmRule: ANY_OF });
  });
  test('fail: over the wrong alarms, with AND, without TLS, none deployed', async () => {
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { Policy: TLS_POLICY } });
    cw.on(DescribeAlarmsCommand).resolves({ CompositeAlarms: [composite(`ALARM("${arnOf(byConstruct.DbCpuAlarm.physicalId)}")`)] });
    expect((await check.run(ctx())).message).toContain('does not fire on ALARM of HealthyHostsAlarm, Http5xxAlarm');
    cw.on(DescribeAlarmsCommand).resolves({ CompositeAlarms: [composite(ANY_OF.replace(' OR ', ' AND '))] });
    expect((await check.run(ctx())).message).toContain('needs every alarm at once');
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { Policy: DEFAULT_POLICY } });
    cw.on(DescribeAlarmsCommand).resolves({ CompositeAlarms: [composite(ANY_OF)] });
    expect((await check.run(ctx())).message).toContain('does not deny sns:Publish');
    const none = fakeContext({ byConstruct, extra: extra.filter((r) => r.type !== 'AWS::CloudWatch::CompositeAlarm') });
    expect(await check.run(none)).toMatchObject({ status: 'fail', message: expect.stringContaining('has no composite alarm') });
  });
  test('OK(...) of an alarm is not ALARM(...) of it', async () => {
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { Policy: TLS_POLICY } });
    cw.on(DescribeAlarmsCommand).resolves({ CompositeAlarms: [composite(ANY_OF.replace('ALARM("', 'OK("'))] });
    expect((await check.run(ctx())).status).toBe('fail');
  });
  test.each(ERRORS)('SDK errors propagate unchanged: %s', async (_n, err) => {
    cw.on(DescribeAlarmsCommand).rejects(err);
    await expect(check.run(ctx())).rejects.toBe(err);
  });
});

describe('liveTopicEnforcesTls', () => {
  const check = liveTopicEnforcesTls('live-tls', 'OpsTopic');
  test('pass, fail, records the policy', async () => {
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { Policy: TLS_POLICY } });
    const c = ctx();
    expect(await check.run(c)).toMatchObject({ status: 'pass' });
    expect(c.evidence).toEqual([{ call: 'sns:GetTopicAttributes', request: { TopicArn: TOPIC_ARN }, observed: { Policy: TLS_POLICY, enforcesTls: true } }]);
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { Policy: DEFAULT_POLICY } });
    expect(await check.run(ctx())).toMatchObject({ status: 'fail', message: expect.stringContaining('the deployed OpsTopic') });
  });
  test.each([...ERRORS, ['not found', awsError('NotFoundException', 'Topic does not exist', 404)] as const])('SDK errors propagate unchanged: %s', async (_n, err) => {
    sns.on(GetTopicAttributesCommand).rejects(err);
    await expect(check.run(ctx())).rejects.toBe(err);
  });
});

describe('liveLogRetention', () => {
  const check = liveLogRetention('live-logs');
  const group = (n: string, days?: number) => ({ logGroupName: n, arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${n}:*`, creationTime: 1748768400000, storedBytes: 0, ...(days ? { retentionInDays: days } : {}) });
  test('pass: every lab log group has a retention', async () => {
    logs.on(DescribeLogGroupsCommand).callsFake((input) => ({ logGroups: [group(input.logGroupNamePrefix, 30)] }));
    const c = ctx();
    expect(await check.run(c)).toMatchObject({ status: 'pass' });
    expect(c.evidence.map((e) => e.observed.retentionInDays)).toEqual([30, 30]);
  });
  test('error: a group deleted by hand, whatever else is wrong (a group that keeps logs forever is named too)', async () => {
    logs.on(DescribeLogGroupsCommand).callsFake((input) => ({ logGroups: input.logGroupNamePrefix.includes('AppLogs') ? [group(input.logGroupNamePrefix)] : [] }));
    const v = await check.run(ctx());
    expect(v.status).toBe('error');
    expect(v.message).toContain('AppLogsC5DF83A6-9zYxWvUtSrQp keeps logs forever');
    expect(v.message).toContain('FlowLogsE0A8D3F2-aBcDeFgHiJkL no longer exists');
  });
  test.each(ERRORS)('SDK errors propagate unchanged: %s', async (_n, err) => {
    logs.on(DescribeLogGroupsCommand).rejects(err);
    await expect(check.run(ctx())).rejects.toBe(err);
  });
});

describe('liveFlowLogs', () => {
  const check = liveFlowLogs('live-flow', 'Vpc');
  const flow = (p: Partial<FlowLog> = {}): FlowLog => ({
    FlowLogId: 'fl-0123456789abcdef0', FlowLogStatus: 'ACTIVE', DeliverLogsStatus: 'SUCCESS', ResourceId: byConstruct.Vpc.physicalId,
    TrafficType: 'REJECT' as const, LogDestinationType: 'cloud-watch-logs' as const, LogGroupName: extra[2].physicalId, CreationTime: new Date('2025-06-01T08:00:00Z'), ...p,
  });
  test('pass: an active flow log that delivers; the request filters on the VPC id', async () => {
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flow()] });
    const c = ctx();
    expect(await check.run(c)).toMatchObject({ status: 'pass', message: expect.stringContaining('fl-0123456789abcdef0') });
    expect(ec2.commandCalls(DescribeFlowLogsCommand)[0].args[0].input).toEqual({ Filter: [{ Name: 'resource-id', Values: ['vpc-0a1b2c3d4e5f67890'] }] });
    expect(c.evidence[0]).toMatchObject({ call: 'ec2:DescribeFlowLogs', observed: { FlowLogs: [expect.objectContaining({ FlowLogStatus: 'ACTIVE' })] } });
  });
  test('fail: no flow log; one that cannot deliver', async () => {
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    expect(await check.run(ctx())).toMatchObject({ status: 'fail', message: expect.stringContaining('has no flow log') });
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flow({ DeliverLogsStatus: 'FAILED', DeliverLogsErrorMessage: 'Access error' })] });
    expect(await check.run(ctx())).toMatchObject({ status: 'fail', message: expect.stringContaining('delivery FAILED (Access error)') });
  });
  test.each([...ERRORS, ['unauthorized', awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403)] as const])('SDK errors propagate unchanged: %s', async (_n, err) => {
    ec2.on(DescribeFlowLogsCommand).rejects(err);
    await expect(check.run(ctx())).rejects.toBe(err);
  });
});
