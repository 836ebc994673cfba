import { defineDrill } from '../../../lib/model/drill';
import { noNagFindings, resourceHas, runbookCoversChanges, runbookSectionsFilled, want } from '../../../lib/checks';
import { RUNBOOK_SECTIONS } from '../../runbook-sections';
import { ALARM, alarmsNotify, alarmsWatch, compositeOver, logGroupsRetained, topicEnforcesTls, vpcFlowLogs } from '../../../lib/checks/monitoring/static';
import { alarmsDetect, Outage } from '../../../lib/checks/monitoring/detection';
import { fleetServedBy } from '../../../lib/checks/network/static';
import {
  liveAlarmsNotify, liveAlarmsWatch, liveCompositeOver, liveFlowLogs, liveLogRetention, liveTopicEnforcesTls, liveTreatMissingData,
} from '../../../lib/checks/monitoring/live';

const ALARMS = ['Http5xxAlarm', 'LatencyAlarm', 'HealthyHostsAlarm', 'DbCpuAlarm'];
const SERVICE_DOWN = ['HealthyHostsAlarm', 'Http5xxAlarm'];
const ELB = 'AWS/ApplicationELB';
const METRICS = [
  { alarm: 'Http5xxAlarm', namespace: ELB, metricName: 'HTTPCode_Target_5XX_Count', dimensions: { LoadBalancer: { loadBalancer: 'WebAlb' } } },
  { alarm: 'LatencyAlarm', namespace: ELB, metricName: 'TargetResponseTime', dimensions: { LoadBalancer: { loadBalancer: 'WebAlb' } } },
  { alarm: 'HealthyHostsAlarm', namespace: ELB, metricName: 'HealthyHostCount', dimensions: { LoadBalancer: { loadBalancer: 'WebAlb' }, TargetGroup: { targetGroup: 'WebTargets' } } },
  { alarm: 'DbCpuAlarm', namespace: 'AWS/RDS', metricName: 'CPUUtilization', dimensions: { DBInstanceIdentifier: { ref: 'OrdersDb' } } },
] as const;

const ON_ALB = { LoadBalancer: { loadBalancer: 'WebAlb' } } as const;
const ON_TARGETS = { ...ON_ALB, TargetGroup: { targetGroup: 'WebTargets' } } as const;
/** The same values for every statistic of a metric that is one number per minute (a count of hosts). */
const every = (range: readonly [number, number]) => ({ Minimum: range, Maximum: range, Average: range, p: range });

/**
 * What each alarm is there to catch, as CloudWatch shows it. The load balancer's count metrics are
 * useful as Sum only (Minimum, Maximum and Average are always 1, AWS documentation), and
 * HTTPCode_Target_5XX_Count is published only when there are errors; last night's outage lost
 * HealthyHostCount datapoints for part of the hour (README).
 */
const OUTAGES: readonly Outage[] = [
  {
    alarm: 'HealthyHostsAlarm',
    what: 'the outage (the web server stops answering)',
    detectWithinSeconds: 300,
    clearWithinSeconds: 600,
    signals: [{
      namespace: ELB, metricName: 'HealthyHostCount', dimensions: ON_TARGETS, unit: 'Count',
      outage: { statistics: every([0, 0]), missing: 'sometimes' },
      normal: { statistics: every([1, 1]) },
    }],
  },
  {
    alarm: 'Http5xxAlarm',
    what: 'errors (the web server answers 10 to 100,000 requests a minute with 5xx)',
    detectWithinSeconds: 300,
    clearWithinSeconds: 600,
    signals: [{
      namespace: ELB, metricName: 'HTTPCode_Target_5XX_Count', dimensions: ON_ALB, unit: 'Count',
      outage: { statistics: { Sum: [10, 100_000], Minimum: [1, 1], Maximum: [1, 1], Average: [1, 1] } },
      normal: { missing: 'always' },
    }],
  },
  {
    alarm: 'LatencyAlarm',
    what: 'slowness (most responses take 3 s or more)',
    detectWithinSeconds: 300,
    clearWithinSeconds: 600,
    signals: [{
      namespace: ELB, metricName: 'TargetResponseTime', dimensions: ON_ALB, unit: 'Seconds',
      outage: { statistics: { p: [3, 60], Average: [3, 60], Maximum: [3, 60], Minimum: [0, 60] } },
      normal: { statistics: { p: [0, 0.5], Average: [0, 0.5] }, missing: 'sometimes' },
    }],
  },
  {
    alarm: 'DbCpuAlarm',
    what: 'a CPU-bound database (above 90 % for minutes)',
    detectWithinSeconds: 900,
    clearWithinSeconds: 900,
    signals: [{
      namespace: 'AWS/RDS', metricName: 'CPUUtilization', dimensions: { DBInstanceIdentifier: { ref: 'OrdersDb' } }, unit: 'Percent',
      outage: { statistics: { Average: [90, 100], Maximum: [90, 100], Minimum: [80, 100], p: [85, 100] } },
      normal: { statistics: { Average: [0, 40], Minimum: [0, 40] } },
    }],
  },
];

export default defineDrill({
  id: 'silent-alarms',
  module: '05',
  title: 'Alarms that never reach anyone',
  summary: 'The orders service has alarms, logs and an ops topic, yet an hour-long outage paged nobody; make every alarm watch the right metric and reach the on-call.',
  soaTasks: ['1.1', '1.2'],
  difficulty: 'core',
  estimatedCostPerHour: 0.05,
  dir: __dirname,
  runbook: { sections: RUNBOOK_SECTIONS },
  traps: [
    { id: 'alarm-no-actions', description: 'HealthyHostsAlarm has no alarm action: when it fires, nobody is told', objective: 'alarms-notify', resource: 'HealthyHostsAlarm' },
    { id: 'topic-plaintext', description: 'OpsTopic accepts publishing over plain HTTP (no aws:SecureTransport deny)', objective: 'topic-enforces-tls', resource: 'OpsTopic' },
    { id: 'wrong-dimension', description: 'Http5xxAlarm watches a LoadBalancer dimension copied from another environment', objective: 'alarms-watch-the-service', resource: 'Http5xxAlarm' },
    { id: 'wrong-namespace', description: 'LatencyAlarm looks for TargetResponseTime in AWS/ELB (Classic Load Balancer metrics)', objective: 'alarms-watch-the-service', resource: 'LatencyAlarm' },
    { id: 'missing-data-ok', description: 'HealthyHostsAlarm treats missing data as not breaching, so a vanished target group looks healthy', objective: 'outage-not-hidden', resource: 'HealthyHostsAlarm' },
    { id: 'no-composite', description: 'no composite alarm says "the service is down" in one page', objective: 'service-down-alarm', resource: 'ServiceDownAlarm' },
    { id: 'logs-forever', description: 'AppLogs keeps its logs forever', objective: 'logs-expire', resource: 'AppLogs' },
    { id: 'no-flow-logs', description: 'Vpc has no flow log', objective: 'vpc-flow-logs', resource: 'Vpc' },
    { id: 'runbook-unfilled', description: 'RUNBOOK.md is the blank template', objective: 'change-recorded', resource: 'RUNBOOK.md' },
  ],
  objectives: [
    {
      id: 'alarms-notify',
      title: 'Every alarm reaches the on-call through a TLS-only SNS topic of the lab',
      weight: 3,
      soaTask: '1.1',
      hint: 'Give HealthyHostsAlarm an alarm action (alarm.addAlarmAction(new SnsAction(opsTopic))), or make it part of a composite alarm that notifies; the topic must enforce TLS.',
      checks: [alarmsNotify('alarms-have-actions', ALARMS, { throughComposite: true })],
      liveChecks: [liveAlarmsNotify('live-alarms-notify', ALARMS, { throughComposite: true })],
    },
    {
      id: 'topic-enforces-tls',
      title: 'The operations topic refuses messages sent without TLS',
      weight: 1,
      soaTask: '1.1',
      hint: 'new sns.Topic(..., { enforceSSL: true }) adds a topic policy denying sns:Publish when aws:SecureTransport is false.',
      checks: [topicEnforcesTls('ops-topic-tls', 'OpsTopic'), noNagFindings('ops-topic-nag', ['AwsSolutions-SNS3'], ['OpsTopic'])],
      liveChecks: [liveTopicEnforcesTls('live-ops-topic-tls', 'OpsTopic')],
    },
    {
      id: 'alarms-watch-the-service',
      title: 'Each alarm watches the right metric of this stack\'s load balancer, target group and database',
      weight: 3,
      soaTask: '1.2',
      hint: 'Build metrics from the constructs (alb.metrics.httpCodeTarget(...), alb.metrics.targetResponseTime(), targets.metrics.healthyHostCount(), db.metricCPUUtilization()) instead of typing namespaces and dimension values.',
      checks: [
        alarmsWatch('metrics-bound-to-stack', METRICS),
        alarmsDetect('alarms-detect-outages', OUTAGES),
        fleetServedBy('web-server-served', { loadBalancer: 'WebAlb', listener: 'WebAlb/Http', targetGroup: 'WebTargets', fleet: { instance: 'WebServer' }, port: 80 }),
      ],
      liveChecks: [liveAlarmsWatch('live-metrics-bound-to-stack', METRICS)],
    },
    {
      id: 'outage-not-hidden',
      title: 'No data from the target group counts as an outage, not as healthy',
      weight: 2,
      soaTask: '1.2',
      hint: 'Set treatMissingData: TreatMissingData.BREACHING on HealthyHostsAlarm: no HealthyHostCount datapoint means nothing is serving.',
      checks: [
        resourceHas('healthy-hosts-missing-data', 'HealthyHostsAlarm', ALARM, [{ path: 'TreatMissingData', ...want.equals('breaching') }]),
        // Breaching must apply: a FILL(m, 1) in front of it turns the missing datapoints into healthy ones.
        alarmsDetect('healthy-hosts-no-data-is-outage', OUTAGES.filter((o) => o.alarm === 'HealthyHostsAlarm')),
      ],
      liveChecks: [liveTreatMissingData('live-healthy-hosts-missing-data', 'HealthyHostsAlarm', 'breaching')],
    },
    {
      id: 'service-down-alarm',
      title: 'One composite alarm pages "service down" when the hosts or the 5xx alarm fire',
      weight: 2,
      soaTask: '1.1',
      hint: 'new cloudwatch.CompositeAlarm(this, \'ServiceDownAlarm\', { alarmRule: AlarmRule.anyOf(healthyHosts, http5xx) }) with an SNS action on the TLS-only topic.',
      checks: [compositeOver('service-down-composite', SERVICE_DOWN, 'ServiceDownAlarm')],
      liveChecks: [liveCompositeOver('live-service-down-composite', SERVICE_DOWN, 'ServiceDownAlarm')],
    },
    {
      id: 'logs-expire',
      title: 'Every log group of the lab has a retention',
      weight: 1,
      soaTask: '1.1',
      hint: 'Set retention (e.g. logs.RetentionDays.ONE_MONTH) on AppLogs and on any log group you add.',
      checks: [logGroupsRetained('log-retention', ['AppLogs']), noNagFindings('log-retention-nag', ['Awswo-LogGroupHasRetention'], ['AppLogs'])],
      liveChecks: [liveLogRetention('live-log-retention')],
    },
    {
      id: 'vpc-flow-logs',
      title: 'The VPC records its traffic in flow logs that expire',
      weight: 1,
      soaTask: '1.1',
      hint: 'vpc.addFlowLog(\'FlowLog\', { destination: FlowLogDestination.toCloudWatchLogs(logGroupWithRetention), trafficType: FlowLogTrafficType.REJECT }).',
      checks: [vpcFlowLogs('vpc-flow-log', 'Vpc'), noNagFindings('vpc-flow-log-nag', ['AwsSolutions-VPC7'], ['Vpc'])],
      liveChecks: [liveFlowLogs('live-vpc-flow-log', 'Vpc')],
    },
    {
      id: 'change-recorded',
      title: 'The runbook records the monitoring change',
      weight: 1,
      soaTask: '1.1',
      hint: 'Fill every section of RUNBOOK.md; under Record, name each resource you changed or added (HealthyHostsAlarm, OpsTopic, ServiceDownAlarm, ...).',
      checks: [runbookSectionsFilled('runbook-filled', RUNBOOK_SECTIONS), runbookCoversChanges('record-covers-diff', 'Record')],
    },
  ],
});
