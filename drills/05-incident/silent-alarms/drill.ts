import { defineDrill } from '../../../lib/model/drill';
import { noNagFindings, resourceHas, runbookCoversChanges, runbookSectionsFilled, want } from '../../../lib/checks';
import { RUNBOOK_SECTIONS } from '../../runbook-sections';
import { ALARM, alarmsNotify, alarmsWatch, compositeOver, logGroupsRetained, topicEnforcesTls, vpcFlowLogs } from '../../../lib/checks/monitoring/static';
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
      checks: [alarmsWatch('metrics-bound-to-stack', METRICS)],
      liveChecks: [liveAlarmsWatch('live-metrics-bound-to-stack', METRICS)],
    },
    {
      id: 'outage-not-hidden',
      title: 'No data from the target group counts as an outage, not as healthy',
      weight: 2,
      soaTask: '1.2',
      hint: 'Set treatMissingData: TreatMissingData.BREACHING on HealthyHostsAlarm: no HealthyHostCount datapoint means nothing is serving.',
      checks: [resourceHas('healthy-hosts-missing-data', 'HealthyHostsAlarm', ALARM, [{ path: 'TreatMissingData', ...want.equals('breaching') }])],
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
