import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { LabLogGroup, LabPostgres, LabStack, LabStackProps, LabVpc, labEdgeSubnets, WebTier } from '../../../lib/lab';

/**
 * Reference fix: every alarm watches this stack's metrics and pages through a TLS-only topic, a
 * composite alarm says "service down", missing data counts as an outage, logs expire, the VPC has flow logs.
 */
export default class SilentAlarmsLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    // No NAT gateway: the load balancer sits in public subnets, the server and database in isolated ones.
    const vpc = new LabVpc(this, 'Vpc', { subnetConfiguration: labEdgeSubnets('app') });

    const web = new WebTier(this, {
      vpc,
      name: 'Orders',
      allowedCidr: this.lab.allowedCidr,
      site: { index: '<h1>awswo orders service</h1>', health: 'ok' },
      healthCheck: { path: '/health', interval: Duration.seconds(15), healthyThresholdCount: 2, unhealthyThresholdCount: 2 },
    });

    const db = new LabPostgres(this, 'OrdersDb', { vpc, databaseName: 'orders', backupRetention: Duration.days(1) });

    new LabLogGroup(this, 'AppLogs', { retention: logs.RetentionDays.ONE_MONTH });

    const opsTopic = new sns.Topic(this, 'OpsTopic', { displayName: 'Orders service: operations alerts', enforceSSL: true });
    const notify = new actions.SnsAction(opsTopic);

    const http5xx = new cloudwatch.Alarm(this, 'Http5xxAlarm', {
      alarmDescription: 'The web server answers with 5xx errors',
      metric: web.alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: cloudwatch.Stats.SUM, period: Duration.minutes(1) }),
      threshold: 5,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    http5xx.addAlarmAction(notify);

    const latency = new cloudwatch.Alarm(this, 'LatencyAlarm', {
      alarmDescription: 'The web server answers slowly',
      metric: web.alb.metrics.targetResponseTime({ statistic: cloudwatch.Stats.percentile(90), period: Duration.minutes(1) }),
      threshold: 2,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    latency.addAlarmAction(notify);

    // No datapoint from the target group means nothing is serving: that is an outage.
    const healthyHosts = new cloudwatch.Alarm(this, 'HealthyHostsAlarm', {
      alarmDescription: 'No healthy web server behind the load balancer',
      metric: web.targetGroup.metrics.healthyHostCount({ statistic: cloudwatch.Stats.MINIMUM, period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    healthyHosts.addAlarmAction(notify);

    const dbCpu = new cloudwatch.Alarm(this, 'DbCpuAlarm', {
      alarmDescription: 'The orders database is CPU bound',
      metric: db.metricCPUUtilization({ period: Duration.minutes(5) }),
      threshold: 80,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });
    dbCpu.addAlarmAction(notify);

    // One page that says "the service is down", whichever symptom shows first.
    const serviceDown = new cloudwatch.CompositeAlarm(this, 'ServiceDownAlarm', {
      alarmDescription: 'Orders service down: no healthy web server, or it answers with 5xx errors',
      alarmRule: cloudwatch.AlarmRule.anyOf(
        cloudwatch.AlarmRule.fromAlarm(healthyHosts, cloudwatch.AlarmState.ALARM),
        cloudwatch.AlarmRule.fromAlarm(http5xx, cloudwatch.AlarmState.ALARM),
      ),
    });
    serviceDown.addAlarmAction(notify);
    serviceDown.addOkAction(notify);
  }
}
