import * as path from 'path';
import drill from '../../../../drills/04-deploy/asg-rollback-ready/drill';
import { proveDrill } from '../../drill-proof';
import { variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');

const FLEET_START = "    const fleet = new autoscaling.AutoScalingGroup(this, 'WebFleet', {";
const FLEET_END = "    Validations.of(fleet).acknowledge({ id: 'AwsSolutions-AS3', reason: 'LAB: scaling notifications would need a KMS-encrypted topic per lab; this drill watches the fleet through its load balancer' });\n";
const HEALTH_CHECKS = `      healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
        additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
        gracePeriod: Duration.minutes(2),
      }),
`;
const ROLLING_UPDATE = `      updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({
        maxBatchSize: 1,
        minInstancesInService: 1,
        pauseTime: Duration.minutes(3),
      }),
`;
const ALARM_METRIC = '      metric: targets.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),\n';

proveDrill(
  drill,
  [
    {
      name: 'deleted the Auto Scaling group and ran one instance behind the load balancer',
      labFile: variant(solution, 'single-instance', [
        [FLEET_START, `    const server = new ec2.Instance(this, 'WebServer', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      userData: webServer('v1'),
      securityGroup: webSecurityGroup,
    });
    /* fleet deleted
${FLEET_START}`],
        [FLEET_END, `${FLEET_END}    */\n`],
        ['      targets: [fleet],\n', '      targets: [new elbv2targets.InstanceTarget(server)],\n'],
        ["import * as logs from 'aws-cdk-lib/aws-logs';\n", "import * as logs from 'aws-cdk-lib/aws-logs';\nimport * as elbv2targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';\n"],
      ]),
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
      labFile: variant(solution, 'all-at-once', [[ROLLING_UPDATE, '      updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({ maxBatchSize: 3 }),\n']]),
      failing: ['gradual-rollout'],
    },
    {
      name: 'the rollback alarm watches CPU, which a broken web server does not raise',
      labFile: variant(solution, 'cpu-alarm', [[ALARM_METRIC, "      metric: new cloudwatch.Metric({ namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensionsMap: { AutoScalingGroupName: fleet.autoScalingGroupName } }),\n"]]),
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
        [ROLLING_UPDATE, '      updatePolicy: autoscaling.UpdatePolicy.replacingUpdate(),\n'],
        [ALARM_METRIC, '      metric: alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: Duration.minutes(1) }),\n'],
      ]),
    },
  ],
);
