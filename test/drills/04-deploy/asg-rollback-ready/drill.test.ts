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
  ],
);
