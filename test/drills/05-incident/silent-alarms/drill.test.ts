import * as path from 'path';
import drill from '../../../../drills/05-incident/silent-alarms/drill';
import { proveDrill } from '../../drill-proof';
import { variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');

const COMPOSITE_RULE = `      alarmRule: cloudwatch.AlarmRule.anyOf(
        cloudwatch.AlarmRule.fromAlarm(healthyHosts, cloudwatch.AlarmState.ALARM),
        cloudwatch.AlarmRule.fromAlarm(http5xx, cloudwatch.AlarmState.ALARM),
      ),`;

proveDrill(drill, [
  {
    name: 'deleted the alarms that were wrong instead of fixing them',
    labFile: variant(lab, 'deleted-alarms', [
      ["    const http5xx = new cloudwatch.Alarm(this, 'Http5xxAlarm', {", "    /* alarms deleted\n    const http5xx = new cloudwatch.Alarm(this, 'Http5xxAlarm', {"],
      ["    const dbCpu = new cloudwatch.Alarm(this, 'DbCpuAlarm', {", "    */\n    const dbCpu = new cloudwatch.Alarm(this, 'DbCpuAlarm', {"],
    ]),
    failing: ['alarms-notify', 'alarms-watch-the-service', 'outage-not-hidden', 'service-down-alarm'],
  },
  {
    name: 'acknowledged every cdk-nag finding for the whole stack',
    labFile: variant(lab, 'silenced-nag', [
      ['    super(scope, id, props);\n', "    super(scope, id, props);\n    for (const id of ['AwsSolutions-SNS3', 'AwsSolutions-VPC7', 'Awswo-LogGroupHasRetention']) {\n      Validations.of(this).acknowledge({ id, reason: 'reviewed, fine for now' });\n    }\n"],
    ]),
    failing: ['topic-enforces-tls', 'logs-expire', 'vpc-flow-logs'],
  },
  {
    name: 'routed every alarm to a new topic that does not enforce TLS',
    labFile: variant(solution, 'plaintext-topic', [
      ['    const notify = new actions.SnsAction(opsTopic);', "    const pager = new sns.Topic(this, 'PagerTopic', { displayName: 'pager' });\n    Validations.of(pager).acknowledge({ id: 'AwsSolutions-SNS3', reason: 'internal only' });\n    const notify = new actions.SnsAction(pager);"],
    ]),
    failing: ['alarms-notify', 'service-down-alarm'],
  },
  {
    name: 'built the composite alarm over the wrong alarms',
    labFile: variant(solution, 'composite-wrong-alarms', [
      [COMPOSITE_RULE, '      alarmRule: cloudwatch.AlarmRule.anyOf(latency, dbCpu),'],
    ]),
    failing: ['service-down-alarm'],
  },
  {
    name: 'made the composite alarm need both alarms at once (AND)',
    labFile: variant(solution, 'composite-and', [
      [COMPOSITE_RULE, '      alarmRule: cloudwatch.AlarmRule.allOf(healthyHosts, http5xx),'],
    ]),
    failing: ['service-down-alarm'],
  },
  {
    name: 'silenced the alarm actions (actionsEnabled: false) and typed the load balancer name by hand',
    labFile: variant(solution, 'actions-disabled', [
      ["      alarmDescription: 'No healthy web server behind the load balancer',", "      alarmDescription: 'No healthy web server behind the load balancer',\n      actionsEnabled: false,"],
      ["      alarmDescription: 'Orders service down: no healthy web server, or it answers with 5xx errors',", "      alarmDescription: 'Orders service down: no healthy web server, or it answers with 5xx errors',\n      actionsEnabled: false,"],
      [
        '      metric: alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: cloudwatch.Stats.SUM, period: Duration.minutes(1) }),',
        "      metric: alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: cloudwatch.Stats.SUM, period: Duration.minutes(1), dimensionsMap: { LoadBalancer: 'app/awswo-grader-orders/1234567890abcdef' } }),",
      ],
    ]),
    failing: ['alarms-notify', 'alarms-watch-the-service'],
  },
], [
  {
    name: 'HealthyHostsAlarm pages only through the composite alarm',
    labFile: variant(solution, 'through-composite', [['    healthyHosts.addAlarmAction(notify);\n', '']]),
  },
  {
    name: 'the latency metric written out by hand, from the load balancer\'s full name',
    labFile: variant(solution, 'hand-written-metric', [
      [
        '      metric: alb.metrics.targetResponseTime({ statistic: cloudwatch.Stats.percentile(90), period: Duration.minutes(1) }),',
        "      metric: new cloudwatch.Metric({ namespace: 'AWS/ApplicationELB', metricName: 'TargetResponseTime', dimensionsMap: { LoadBalancer: alb.loadBalancerFullName }, statistic: 'p90', period: Duration.minutes(1) }),",
      ],
    ]),
  },
]);
