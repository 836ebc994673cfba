import type { StaticEvidence } from '../../../../lib/model/drill';
import type { TemplateJson, TemplateResource } from '../../../../lib/model/template';
import { alarmsNotify, compositeOver, topicDeliveryProblem } from '../../../../lib/checks/monitoring/static';
import { alwaysBreaching, canAlarmUnsuppressed, canLeaveAlarm } from '../../../../lib/checks/monitoring/alarm-states';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const r = (type: string, path: string, props: Record<string, unknown>): TemplateResource => ({ Type: type, Properties: props, Metadata: { 'aws:cdk:path': `lab/${path}` } });

const TLS_DENY = { Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: { Ref: 'OpsTopic1' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
const alarm = (props: Record<string, unknown> = {}) => ({
  Namespace: 'AWS/ApplicationELB', MetricName: 'HealthyHostCount', Statistic: 'Minimum', Period: 60, EvaluationPeriods: 2,
  Threshold: 1, ComparisonOperator: 'LessThanThreshold', AlarmActions: [{ Ref: 'OpsTopic1' }], ...props,
});
const composite = (props: Record<string, unknown> = {}) => ({
  AlarmRule: { 'Fn::Join': ['', ['(ALARM("', { 'Fn::GetAtt': ['Hosts1', 'Arn'] }, '") OR ALARM("', { 'Fn::GetAtt': ['Errors1', 'Arn'] }, '"))']] },
  AlarmActions: [{ Ref: 'OpsTopic1' }], ...props,
});

const BASE: TemplateJson = {
  Resources: {
    OpsTopic1: r('AWS::SNS::Topic', 'OpsTopic/Resource', {}),
    OpsTopicPolicy1: r('AWS::SNS::TopicPolicy', 'OpsTopic/Policy/Resource', { Topics: [{ Ref: 'OpsTopic1' }], PolicyDocument: { Statement: [TLS_DENY] } }),
    Hosts1: r('AWS::CloudWatch::Alarm', 'HostsAlarm/Resource', alarm()),
    Errors1: r('AWS::CloudWatch::Alarm', 'ErrorsAlarm/Resource', alarm({ MetricName: 'HTTPCode_Target_5XX_Count', Threshold: 5, ComparisonOperator: 'GreaterThanOrEqualToThreshold' })),
    Down1: r('AWS::CloudWatch::CompositeAlarm', 'ServiceDownAlarm/Resource', composite()),
  },
};

const evidence = (template: TemplateJson): StaticEvidence => ({
  template, baseline: BASE, nag: [], scope: { changes: [], violations: [] }, environment: { account: 'unknown-account', region: 'unknown-region' },
  documents: {}, identity: { student: 'sam-12a', account: '123456789013', region: 'eu-south-2', expiresAt: '2031-01-01T00:00:00Z' },
});
const notify = (t: TemplateJson) => alarmsNotify('n', ['HostsAlarm', 'ErrorsAlarm']).run(evidence(t));
const down = (t: TemplateJson) => compositeOver('c', ['HostsAlarm', 'ErrorsAlarm'], 'ServiceDownAlarm').run(evidence(t));
const withStatement = (statement: Record<string, unknown>) => {
  const t = clone(BASE);
  t.Resources!.OpsTopicPolicy1.Properties!.PolicyDocument.Statement.push(statement);
  return t;
};

describe('alarm notifications that never arrive', () => {
  test('alarms on a TLS-only topic notify', () => {
    expect(notify(BASE).status).toBe('pass');
    expect(down(BASE).status).toBe('pass');
  });

  test.each([
    ['a deny-all statement', { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }],
    ['a deny of sns:Publish to CloudWatch', { Effect: 'Deny', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: '*' }],
    ['a deny of sns:* to everyone (AWS: *)', { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sns:*', Resource: '*' }],
    ['a deny of sns:Pub* to everyone', { Effect: 'Deny', Principal: '*', Action: ['sns:Subscribe', 'sns:Pub*'], Resource: '*' }],
    ['a deny to everyone but the account (NotPrincipal)', { Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sns:Publish', Resource: '*' }],
    ['a deny of everything but subscribing (NotAction)', { Effect: 'Deny', Principal: '*', NotAction: 'sns:Subscribe', Resource: '*' }],
    ['a deny under a condition an alarm meets', { Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } } }],
  ])('a topic policy with %s silences every alarm on the topic', (_name, statement) => {
    const t = withStatement(statement);
    const n = notify(t);
    expect(n.status).toBe('fail');
    expect(n.message).toContain('denies sns:Publish to CloudWatch');
    expect(down(t).status).toBe('fail');
  });

  test('a TopicInlinePolicy is read too', () => {
    const t = clone(BASE);
    t.Resources!.Inline = r('AWS::SNS::TopicInlinePolicy', 'Inline', { TopicArn: { Ref: 'OpsTopic1' }, PolicyDocument: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: '*' }] } });
    expect(notify(t).status).toBe('fail');
  });

  test.each([
    ['a deny to another source account', { Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }],
    ['a deny that does not cover publishing', { Effect: 'Deny', Principal: '*', Action: 'sns:DeleteTopic', Resource: '*' }],
    ['a deny to one other account', { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sns:Publish', Resource: '*' }],
  ])('a topic policy with %s does not stop alarms', (_name, statement) => {
    expect(notify(withStatement(statement)).status).toBe('pass');
  });

  test('a FIFO topic, or one encrypted with aws/sns, cannot take alarm notifications', () => {
    const fifo = clone(BASE);
    fifo.Resources!.OpsTopic1.Properties!.FifoTopic = true;
    expect(topicDeliveryProblem(fifo, 'OpsTopic1')).toContain('FIFO');
    const managed = clone(BASE);
    managed.Resources!.OpsTopic1.Properties!.KmsMasterKeyId = 'alias/aws/sns';
    expect(notify(managed).message).toContain('AWS managed key aws/sns');
  });

  test('a topic encrypted with a key CloudWatch may not use is silent; granting CloudWatch the key fixes it', () => {
    const t = clone(BASE);
    t.Resources!.OpsTopic1.Properties!.KmsMasterKeyId = { 'Fn::GetAtt': ['Key1', 'Arn'] };
    t.Resources!.Key1 = r('AWS::KMS::Key', 'Key/Resource', { KeyPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] } });
    expect(notify(t).message).toContain('whose key policy does not let cloudwatch.amazonaws.com');
    t.Resources!.Key1.Properties!.KeyPolicy.Statement.push({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' });
    expect(notify(t).status).toBe('pass');
  });
});

describe('action suppressors that silence a composite alarm', () => {
  const suppressed = (extra: Record<string, TemplateResource>, suppressor: unknown) => {
    const t = clone(BASE);
    Object.assign(t.Resources!, extra);
    t.Resources!.Down1.Properties!.ActionsSuppressor = suppressor;
    return t;
  };
  const always = r('AWS::CloudWatch::Alarm', 'Maintenance/Resource', alarm({ MetricName: 'RequestCount', Threshold: 0, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [] }));

  test.each([
    ['a metric alarm whose every datapoint breaches (>= 0)', { Maint1: always }, { 'Fn::GetAtt': ['Maint1', 'Arn'] }, /always in ALARM/],
    ['a metric alarm with threshold -1 and >', { Maint1: r('AWS::CloudWatch::Alarm', 'M', alarm({ Threshold: -1, ComparisonOperator: 'GreaterThanThreshold' })) }, { 'Fn::GetAtt': ['Maint1', 'Arn'] }, /always in ALARM/],
    ['a composite whose rule is TRUE', { Maint2: r('AWS::CloudWatch::CompositeAlarm', 'M2', { AlarmRule: 'TRUE' }) }, { 'Fn::GetAtt': ['Maint2', 'Arn'] }, /always in ALARM/],
    ['a composite that is a tautology', { Maint3: r('AWS::CloudWatch::CompositeAlarm', 'M3', { AlarmRule: { 'Fn::Join': ['', ['ALARM("', { 'Fn::GetAtt': ['Hosts1', 'Arn'] }, '") OR NOT ALARM("', { 'Fn::GetAtt': ['Hosts1', 'Arn'] }, '")']] } }) }, { 'Fn::GetAtt': ['Maint3', 'Arn'] }, /always in ALARM/],
    ['a composite of always-breaching alarms', { Maint1: always, Maint4: r('AWS::CloudWatch::CompositeAlarm', 'M4', { AlarmRule: { 'Fn::Join': ['', ['ALARM("', { 'Fn::GetAtt': ['Maint1', 'Arn'] }, '")']] } }) }, { 'Fn::GetAtt': ['Maint4', 'Arn'] }, /always in ALARM/],
    ['a composite with the same rule, so it fires on the same outage', { Maint5: r('AWS::CloudWatch::CompositeAlarm', 'M5', composite({ AlarmActions: [] })) }, { 'Fn::GetAtt': ['Maint5', 'Arn'] }, /in ALARM whenever ServiceDownAlarm is/],
  ])('a suppressor that is %s: the composite never pages', (_name, extra, suppressor, message) => {
    const t = suppressed(extra as Record<string, TemplateResource>, suppressor);
    const v = down(t);
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(message);
  });

  test('a suppressor named by its alarm name is found', () => {
    const t = suppressed({ Maint1: { ...always, Properties: { ...always.Properties, AlarmName: 'maintenance' } } }, 'maintenance');
    expect(down(t).message).toMatch(/always in ALARM/);
  });

  test('a suppressor that is sometimes OK while the service is down lets the page through', () => {
    const maintenance = r('AWS::CloudWatch::Alarm', 'Maintenance/Resource', alarm({ Namespace: 'Lab', MetricName: 'MaintenanceWindow', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [] }));
    expect(down(suppressed({ Maint1: maintenance }, { 'Fn::GetAtt': ['Maint1', 'Arn'] })).status).toBe('pass');
    // An alarm outside the template can be in any state.
    expect(down(suppressed({}, 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:elsewhere')).status).toBe('pass');
  });

  test('metric alarms silenced through a composite that is suppressed fail alarmsNotify too', () => {
    const t = suppressed({ Maint1: always }, { 'Fn::GetAtt': ['Maint1', 'Arn'] });
    t.Resources!.Hosts1.Properties!.AlarmActions = [];
    const v = alarmsNotify('n', ['HostsAlarm'], { throughComposite: true }).run(evidence(t));
    expect(v.status).toBe('fail');
  });
});

describe('alarm states', () => {
  test('only a plain metric with >= 0 or > negative always breaches', () => {
    expect(alwaysBreaching({ MetricName: 'X', Threshold: 0, ComparisonOperator: 'GreaterThanOrEqualToThreshold' })).toBe(true);
    expect(alwaysBreaching({ MetricName: 'X', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' })).toBe(false);
    expect(alwaysBreaching({ MetricName: 'X', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' })).toBe(false);
    expect(alwaysBreaching({ Metrics: [{ Id: 'e', Expression: 'm1 - 100' }], Threshold: 0, ComparisonOperator: 'GreaterThanOrEqualToThreshold' })).toBe(false);
  });

  test('composite rules are evaluated over every state of their alarms', () => {
    const t: TemplateJson = {
      Resources: {
        A: r('AWS::CloudWatch::Alarm', 'A', alarm()),
        B: r('AWS::CloudWatch::Alarm', 'B', alarm()),
        AandB: r('AWS::CloudWatch::CompositeAlarm', 'AB', { AlarmRule: 'ALARM("arn:aws:cloudwatch:r:1:alarm:a") AND ALARM("arn:aws:cloudwatch:r:1:alarm:b")' }),
      },
    };
    t.Resources!.A.Properties!.AlarmName = 'a';
    t.Resources!.B.Properties!.AlarmName = 'b';
    expect(canLeaveAlarm(t, 'AandB')).toBe(true);
    // A AND B in ALARM implies A in ALARM: suppressing A AND B by A suppresses it always.
    expect(canAlarmUnsuppressed(t, 'AandB', 'A')).toBe(false);
    expect(canAlarmUnsuppressed(t, 'A', 'B')).toBe(true);
  });
});
