import type { StaticEvidence } from '../../../../lib/model/drill';
import type { TemplateJson, TemplateResource } from '../../../../lib/model/template';
import { alarmsDetect, Outage } from '../../../../lib/checks/monitoring/detection';

const r = (type: string, path: string, props: Record<string, unknown>): TemplateResource => ({ Type: type, Properties: props, Metadata: { 'aws:cdk:path': `lab/${path}` } });
const LB = { 'Fn::GetAtt': ['WebAlb1', 'LoadBalancerFullName'] };
const TG = { 'Fn::GetAtt': ['WebTargets1', 'TargetGroupFullName'] };
const hosts = { Namespace: 'AWS/ApplicationELB', MetricName: 'HealthyHostCount', Dimensions: [{ Name: 'LoadBalancer', Value: LB }, { Name: 'TargetGroup', Value: TG }] };
const errors = { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count', Dimensions: [{ Name: 'LoadBalancer', Value: LB }] };
const HOSTS_ALARM = { ...hosts, Statistic: 'Minimum', Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 2, Threshold: 1, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' };
const ERRORS_ALARM = { ...errors, Statistic: 'Sum', Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 2, Threshold: 5, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' };

const template = (hostsAlarm: Record<string, unknown>, errorsAlarm: Record<string, unknown> = ERRORS_ALARM): TemplateJson => ({
  Resources: {
    WebAlb1: r('AWS::ElasticLoadBalancingV2::LoadBalancer', 'WebAlb/Resource', {}),
    WebTargets1: r('AWS::ElasticLoadBalancingV2::TargetGroup', 'WebTargets/Resource', {}),
    Hosts1: r('AWS::CloudWatch::Alarm', 'HostsAlarm/Resource', hostsAlarm),
    Errors1: r('AWS::CloudWatch::Alarm', 'ErrorsAlarm/Resource', errorsAlarm),
  },
});
const BASE = template(HOSTS_ALARM);
const evidence = (t: TemplateJson): StaticEvidence => ({
  template: t, baseline: BASE, nag: [], scope: { changes: [], violations: [] }, environment: { account: 'unknown-account', region: 'unknown-region' },
  documents: {}, identity: { student: 'sam-12a', account: '123456789013', region: 'eu-south-2', expiresAt: '2031-01-01T00:00:00Z' },
});

const OUTAGES: Outage[] = [
  {
    alarm: 'HostsAlarm',
    what: 'the web server stops answering',
    detectWithinSeconds: 180,
    clearWithinSeconds: 300,
    signals: [{
      namespace: 'AWS/ApplicationELB', metricName: 'HealthyHostCount', unit: 'Count',
      dimensions: { LoadBalancer: { loadBalancer: 'WebAlb' }, TargetGroup: { targetGroup: 'WebTargets' } },
      outage: { statistics: { Minimum: [0, 0], Maximum: [0, 0], Average: [0, 0] }, missing: 'sometimes' },
      normal: { statistics: { Minimum: [1, 1], Maximum: [1, 1], Average: [1, 1] } },
    }],
  },
  {
    alarm: 'ErrorsAlarm',
    what: 'every request fails with a 5xx error',
    detectWithinSeconds: 300,
    signals: [{
      namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count', unit: 'Count',
      dimensions: { LoadBalancer: { loadBalancer: 'WebAlb' } },
      outage: { statistics: { Sum: [10, 1000], Minimum: [1, 1], Maximum: [1, 1], Average: [1, 1] } },
      normal: { missing: 'always' },
    }],
  },
];
const detect = (t: TemplateJson) => alarmsDetect('detect', OUTAGES).run(evidence(t));
const hostsWith = (props: Record<string, unknown>) => detect(template({ ...HOSTS_ALARM, ...props }));
const errorsWith = (props: Record<string, unknown>) => detect(template(HOSTS_ALARM, { ...ERRORS_ALARM, ...props }));
const math = (expression: string, metric: Record<string, unknown> = hosts, stat = 'Minimum') => ({
  Namespace: undefined, MetricName: undefined, Dimensions: undefined, Statistic: undefined, Period: undefined,
  Metrics: [{ Id: 'e1', Expression: expression, ReturnData: true }, { Id: 'm1', ReturnData: false, MetricStat: { Metric: metric, Period: 60, Stat: stat } }],
});

describe('alarms that detect the outage their drill states', () => {
  test('a threshold the outage crosses, on the right side, with missing data breaching, in time', () => {
    const v = detect(BASE);
    expect(v).toEqual({ status: 'pass', message: expect.stringContaining('HostsAlarm fires on the web server stops answering (2 of 3 datapoints < 1)') });
  });

  test.each([
    ['a threshold no outage reaches (HealthyHostCount < 0)', { Threshold: 0 }, /HostsAlarm can never fire: during the web server stops answering its value is 0, never < 0/],
    ['an inverted comparison (HealthyHostCount > 1)', { ComparisonOperator: 'GreaterThanThreshold' }, /HostsAlarm can never fire/],
    ['a threshold that is always breached (< 2, one server)', { Threshold: 2 }, /HostsAlarm fires in normal operation too: its value is then 1, which is < 2/],
    ['missing data not breaching where the outage loses datapoints', { TreatMissingData: 'notBreaching' }, /loses datapoints, and TreatMissingData notBreaching counts them as healthy/],
    ['missing data ignored', { TreatMissingData: 'ignore' }, /TreatMissingData ignore keeps its last state/],
    ['too many periods to page in time', { EvaluationPeriods: 15, DatapointsToAlarm: 15 }, /pages after 15 minutes, want at most 3/],
    ['DatapointsToAlarm above EvaluationPeriods', { EvaluationPeriods: 2, DatapointsToAlarm: 3 }, /DatapointsToAlarm above EvaluationPeriods\): it can never fire/],
    ['a window so long it stays in ALARM after recovery', { EvaluationPeriods: 1440, DatapointsToAlarm: 2 }, /stays in ALARM 1439 minutes/],
    ['a unit the metric is not published in', { Unit: 'Percent' }, /asks for the unit Percent, but HealthyHostCount is published in Count: no datapoint matches/],
    ['a period shorter than the metric is published', { Period: 10 }, /read every 10 s, but HealthyHostCount is published every 60 s/],
    ['a statistic the drill says nothing about', { Statistic: 'SampleCount' }, /SampleCount of AWS\/ApplicationELB HealthyHostCount does not show the web server stops answering/],
    ['a threshold that is not a number', { Threshold: 'one' }, /the threshold one is not a number/],
  ])('fails %s', (_name, props, message) => {
    const v = hostsWith(props);
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(message);
  });

  test.each([
    ['a 5xx count above a billion', { Threshold: 1e9 }, /ErrorsAlarm can never fire: during every request fails with a 5xx error its value is 10 to 1000, never >= 1000000000/],
    ['the Minimum of a count (always 1)', { Statistic: 'Minimum' }, /ErrorsAlarm can never fire: .*its value is 1, never >= 5/],
    ['a count that may stay under the threshold', { Threshold: 50 }, /ErrorsAlarm may stay silent: .*10 to 1000, and not all of it is >= 50/],
    ['a sparse count with missing data breaching (always in ALARM)', { TreatMissingData: 'breaching' }, /ErrorsAlarm is always in ALARM: in normal operation its metric has no datapoint/],
    ['the metric of another load balancer', { Dimensions: [{ Name: 'LoadBalancer', Value: 'app/other/123' }] }, /ErrorsAlarm depends on AWS\/ApplicationELB HTTPCode_Target_5XX_Count, which does not show/],
  ])('fails %s', (_name, props, message) => {
    const v = errorsWith(props);
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(message);
  });

  test('the sum over a longer period scales with it', () => {
    expect(errorsWith({ Period: 300, Threshold: 50, EvaluationPeriods: 1, DatapointsToAlarm: 1 }).status).toBe('pass');
  });

  describe('metric math', () => {
    test.each([
      ['the metric itself', 'm1'],
      ['FILL(m, 0): missing datapoints count as no healthy host', 'FILL(m1, 0)'],
      ['an IF that maps no healthy host to 1', 'IF(FILL(m1, 0) < 1, 1, 0) * 1'],
    ])('passes %s', (_name, expression) => {
      const props = expression.includes('IF') ? { ...math(expression), Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' } : math(expression);
      expect(hostsWith(props)).toMatchObject({ status: 'pass' });
    });
    test.each([
      ['multiplied by zero', 'm1 * 0', /expression is the constant 0: it watches no metric/],
      ['FILL(m, 1): missing datapoints look healthy', 'FILL(m1, 1)', /may stay silent: during the web server stops answering its value is 0 to 1/],
      ['a constant IF', 'IF(1, 5, 5) + m1 * 0', /expression is the constant 5/],
      ['shifted out of reach', 'FILL(m1, 0) + 10', /can never fire: .*its value is 10/],
    ])('fails %s', (_name, expression, message) => {
      const v = hostsWith({ ...math(expression), TreatMissingData: 'notBreaching' });
      expect(v.status).toBe('fail');
      expect(v.message).toMatch(message);
    });
    test('shifted by one, missing data breaching: the datapoints that are there never breach', () => {
      expect(hostsWith(math('m1 + 1'))).toMatchObject({ status: 'fail', message: expect.stringMatching(/can never fire: .*its value is 1, never < 1/) });
    });
    test('returning the old wrong metric through an expression', () => {
      const props = { ...math('old'), Metrics: [...math('old').Metrics, { Id: 'old', ReturnData: false, MetricStat: { Metric: { ...hosts, MetricName: 'UnHealthyHostCount' }, Period: 60, Stat: 'Maximum' } }] };
      expect(hostsWith(props)).toMatchObject({ status: 'fail', message: expect.stringMatching(/depends on AWS\/ApplicationELB UnHealthyHostCount, which does not show/) });
    });
    test('refuses what it does not evaluate, or cannot decide, as an ERROR', () => {
      expect(hostsWith(math('RATE(m1)'))).toMatchObject({ status: 'error', message: expect.stringMatching(/RATE\(\), which is outside/) });
      expect(hostsWith(math('m1 + m1'))).toMatchObject({ status: 'error', message: expect.stringMatching(/may have no datapoint.*FILL/) });
      expect(errorsWith(math('m1 - m1 + m1', errors, 'Sum'))).toMatchObject({ status: 'error', message: expect.stringMatching(/an instructor must judge it/) });
      expect(hostsWith({ ThresholdMetricId: 'ad1' })).toMatchObject({ status: 'error', message: expect.stringMatching(/anomaly detection band/) });
    });
  });

  test('a deleted alarm fails', () => {
    const t = template(HOSTS_ALARM);
    delete t.Resources!.Hosts1;
    expect(detect(t)).toMatchObject({ status: 'fail', message: expect.stringContaining("HostsAlarm is missing from the template: fix it, don't delete it") });
  });
});
