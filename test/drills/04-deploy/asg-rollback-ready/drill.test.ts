import * as path from 'path';
import drill from '../../../../drills/04-deploy/asg-rollback-ready/drill';
import { proveDrill } from '../../drill-proof';
import { variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');

const HEALTH_CHECKS = `        healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
          additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
          gracePeriod: Duration.minutes(2),
        }),
`;
const ROLLING_UPDATE = `        updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({
          maxBatchSize: 1,
          minInstancesInService: 1,
          pauseTime: Duration.minutes(3),
        }),
`;
/** The fleet option of the solution's WebTier: without it, the tier runs one instance. */
const FLEET = `      fleet: {
        minCapacity: 2,
        maxCapacity: 3,
${HEALTH_CHECKS}${ROLLING_UPDATE}      },
`;
const ALARM_METRIC = '      metric: web.targetGroup.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),\n';
const ALARM_SETTINGS = `${ALARM_METRIC}      threshold: 1,\n      evaluationPeriods: 2,\n      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,\n      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,\n`;
const CLOUDWATCH_IMPORT = "import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';\n";
const ELBV2_IMPORT: readonly [string, string] = [CLOUDWATCH_IMPORT, `${CLOUDWATCH_IMPORT}import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';\n`];
/** The solution with other alarm settings (elbv2 imported for the load balancer's metrics). */
const alarm = (name: string, settings: string) => variant(solution, name, [ELBV2_IMPORT, [ALARM_SETTINGS, settings]]);
/** Code the solution runs after its WebTier, before the rollback alarm. */
const AFTER_WEB_TIER = '    // The rollback trigger:';
const errors5xx = 'web.alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT)';
const cpu = "new cloudwatch.Metric({ namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensionsMap: { AutoScalingGroupName: web.fleet!.autoScalingGroupName } })";

proveDrill(
  drill,
  [
    {
      name: 'deleted the Auto Scaling group and ran one instance behind the load balancer',
      labFile: variant(solution, 'single-instance', [[FLEET, '']]),
      failing: ['elb-health-checks', 'gradual-rollout', 'health-check-path', 'rollback-trigger'],
    },
    {
      name: 'acknowledged the cdk-nag finding for the whole stack instead of fixing the health checks',
      labFile: variant(lab, 'silenced-nag', [
        ['    super(scope, id, props);\n', "    super(scope, id, props);\n    Validations.of(this).acknowledge({ id: 'Awswo-AutoScalingELBHealthCheck', reason: 'EC2 checks are enough for now' });\n"],
      ]),
      failing: ['elb-health-checks'],
    },
    {
      name: 'switched to ELB health checks but kept a grace period of 0',
      labFile: variant(solution, 'no-grace-period', [[HEALTH_CHECKS, HEALTH_CHECKS.replace('Duration.minutes(2)', 'Duration.seconds(0)')]]),
      failing: ['elb-health-checks'],
    },
    {
      name: 'put the health check path on a port nothing listens on',
      labFile: variant(solution, 'health-check-wrong-port', [["        path: '/health',\n", "        path: '/health',\n        port: '8080',\n"]]),
      failing: ['health-check-path'],
    },
    {
      name: 'a rolling update that replaces the whole fleet in one batch with none in service',
      labFile: variant(solution, 'all-at-once', [[ROLLING_UPDATE, '        updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({ maxBatchSize: 3 }),\n']]),
      failing: ['gradual-rollout'],
    },
    {
      name: 'the rollback alarm watches CPU, which a broken web server does not raise',
      labFile: variant(solution, 'cpu-alarm', [[ALARM_METRIC, "      metric: new cloudwatch.Metric({ namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensionsMap: { AutoScalingGroupName: web.fleet!.autoScalingGroupName } }),\n"]]),
      failing: ['rollback-trigger'],
    },
    {
      name: 'created the alarm but did not export it as RollbackAlarmArn',
      labFile: variant(solution, 'not-exported', [["    new CfnOutput(this, 'RollbackAlarmArn', {", "    new CfnOutput(this, 'AlarmArn', {"]]),
      failing: ['rollback-trigger'],
    },
    // Semantics: the exported alarm must fire on the bad release the drill states, in time, and only then.
    {
      name: 'the rollback alarm fires at 100 unhealthy targets, which a fleet of 2 to 3 never has',
      labFile: alarm('unhealthy-100', ALARM_SETTINGS.replace('threshold: 1,', 'threshold: 100,')),
      failing: ['rollback-trigger'],
      because: /RollbackAlarm can never fire: during a bad release .*its value is 1 to 2, never >= 100/,
    },
    {
      name: 'the rollback alarm fires when fewer than 1 target is unhealthy (inverted)',
      labFile: alarm('unhealthy-inverted', ALARM_SETTINGS.replace('GREATER_THAN_OR_EQUAL_TO_THRESHOLD', 'LESS_THAN_THRESHOLD')),
      failing: ['rollback-trigger'],
      because: /RollbackAlarm can never fire/,
    },
    {
      name: 'the rollback alarm needs two fifteen-minute periods, beyond the 10 minutes CloudFormation watches',
      labFile: alarm('unhealthy-slow', ALARM_SETTINGS.replace('Duration.minutes(1)', 'Duration.minutes(15)')),
      failing: ['rollback-trigger'],
      because: /RollbackAlarm needs 2 breaching period\(s\) of 900 s/,
    },
    {
      name: 'the rollback alarm on the 5xx count with missing data breaching: always in ALARM, every update rolls back',
      labFile: alarm('errors-breaching', `      metric: ${errors5xx},\n      threshold: 1,\n      evaluationPeriods: 2,\n      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,\n      treatMissingData: cloudwatch.TreatMissingData.BREACHING,\n`),
      failing: ['rollback-trigger'],
      because: /RollbackAlarm\w* is always in ALARM: in normal operation its metric has no datapoint/,
    },
    {
      name: 'the rollback alarm returns CPU through a math expression that keeps the right metric times zero',
      labFile: alarm('math-cpu', `      metric: new cloudwatch.MathExpression({ expression: 'cpu + unhealthy * 0', period: Duration.minutes(1), usingMetrics: { unhealthy: web.targetGroup.metrics.unhealthyHostCount(), cpu: ${cpu} } }),\n      threshold: 1,\n      evaluationPeriods: 2,\n      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,\n      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,\n`),
      failing: ['rollback-trigger'],
      because: /RollbackAlarm\w* depends on AWS\/EC2 CPUUtilization, which does not show a bad release/,
    },
    {
      name: 'the rollback alarm on ANOMALY_DETECTION_BAND: refused, not passed',
      labFile: alarm('anomaly', `      metric: new cloudwatch.MathExpression({ expression: 'unhealthy * 1', period: Duration.minutes(1), usingMetrics: { unhealthy: web.targetGroup.metrics.unhealthyHostCount() } }),\n      threshold: 1,\n      evaluationPeriods: 2,\n      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,\n      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,\n`.replace("'unhealthy * 1'", "'SUM(METRICS())'")),
      failing: [],
      erroring: ['rollback-trigger'],
      because: /METRICS\(\), which is outside what the grader evaluates/,
    },
    // Target-group attachment: WebTargets' health check must be the one that judges the fleet.
    {
      name: 'detached the fleet from WebTargets (the target group keeps its /health check, for nobody)',
      labFile: variant(solution, 'fleet-detached', [[AFTER_WEB_TIER, `    (web.fleet!.node.defaultChild as autoscaling.CfnAutoScalingGroup).targetGroupArns = [];\n${AFTER_WEB_TIER}`]]),
      failing: ['elb-health-checks', 'health-check-path'],
      because: /WebFleet is not registered with WebTargets/,
    },
    {
      name: 'the listener forwards to a new target group with the default health check',
      labFile: variant(solution, 'listener-elsewhere', [ELBV2_IMPORT, [AFTER_WEB_TIER, "    const spare = new elbv2.ApplicationTargetGroup(this, 'SpareTargets', { vpc, port: 80, protocol: elbv2.ApplicationProtocol.HTTP, targets: [web.fleet!] });\n    (web.listener.node.defaultChild as elbv2.CfnListener).defaultActions = [{ type: 'forward', targetGroupArn: spare.targetGroupArn }];\n    web.alb.addListener('Unused', { port: 8080, open: false, defaultTargetGroups: [web.targetGroup] });\n" + AFTER_WEB_TIER]]),
      failing: ['elb-health-checks', 'health-check-path'],
      because: /WebAlb\/Http forwards to SpareTargets, not to WebTargets/,
    },
  ],
  [
    {
      name: 'a replacing update and an alarm on the target 5XX count',
      labFile: variant(solution, 'replacing-update-5xx', [
        [ROLLING_UPDATE, '        updatePolicy: autoscaling.UpdatePolicy.replacingUpdate(),\n'],
        ["import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';\n", "import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';\nimport * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';\n"],
        [ALARM_METRIC, '      metric: web.alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: Duration.minutes(1) }),\n'],
      ]),
    },
    {
      name: 'an alarm on HealthyHostCount falling below 2',
      labFile: alarm('healthy-falling', `      metric: web.targetGroup.metrics.healthyHostCount({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MINIMUM }),\n      threshold: 2,\n      evaluationPeriods: 2,\n      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,\n      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,\n`),
    },
    {
      name: 'an alarm on the target and load balancer 5XX counts together, each filled with 0',
      labFile: alarm('errors-together', `      metric: new cloudwatch.MathExpression({ expression: 'FILL(target, 0) + FILL(elb, 0)', period: Duration.minutes(1), usingMetrics: { target: ${errors5xx}, elb: web.alb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT) } }),\n      threshold: 1,\n      evaluationPeriods: 2,\n      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,\n      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,\n`),
    },
  ],
);
