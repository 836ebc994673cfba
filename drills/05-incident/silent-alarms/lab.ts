import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { LabLogGroup, LabPostgres, LabStack, LabStackProps, LabVpc, labEdgeSubnets, WebTier } from '../../../lib/lab';

/**
 * The orders web service: a load balancer, one web server and its database, watched by four alarms
 * and an operations topic. Last night it was down for an hour and nobody was told (see README.md).
 */
export default class SilentAlarmsLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    // No NAT gateway: the load balancer sits in public subnets, the server and database in isolated ones.
    // TRAP no-flow-logs: nobody can tell afterwards which connections were refused during an incident.
    const vpc = new LabVpc(this, 'Vpc', { subnetConfiguration: labEdgeSubnets('app'), flowLog: false });
    Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'DRILL: trap no-flow-logs' });

    const web = new WebTier(this, {
      vpc,
      name: 'Orders',
      allowedCidr: this.lab.allowedCidr,
      site: { index: '<h1>awswo orders service</h1>', health: 'ok' },
      healthCheck: { path: '/health', interval: Duration.seconds(15), healthyThresholdCount: 2, unhealthyThresholdCount: 2 },
    });

    const db = new LabPostgres(this, 'OrdersDb', { vpc, databaseName: 'orders', backupRetention: Duration.days(1) });

    // TRAP logs-forever: the application's logs are kept (and billed) forever.
    const appLogs = new LabLogGroup(this, 'AppLogs', { retention: logs.RetentionDays.INFINITE });
    Validations.of(appLogs).acknowledge({ id: 'Awswo-LogGroupHasRetention', reason: 'DRILL: trap logs-forever' });

    // TRAP topic-plaintext: anyone allowed to publish may do it over plain HTTP.
    const opsTopic = new sns.Topic(this, 'OpsTopic', { displayName: 'Orders service: operations alerts' });
    Validations.of(opsTopic).acknowledge({ id: 'AwsSolutions-SNS3', reason: 'DRILL: trap topic-plaintext' });
    const notify = new actions.SnsAction(opsTopic);

    // TRAP wrong-dimension: copied from another environment's console; no load balancer of this stack has that name.
    const http5xx = new cloudwatch.Alarm(this, 'Http5xxAlarm', {
      alarmDescription: 'The web server answers with 5xx errors',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/ApplicationELB',
        metricName: 'HTTPCode_Target_5XX_Count',
        dimensionsMap: { LoadBalancer: 'app/awswo-orders/50dc6c495c0c9188' },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(1),
      }),
      threshold: 5,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    http5xx.addAlarmAction(notify);

    // TRAP wrong-namespace: TargetResponseTime is an Application Load Balancer metric; AWS/ELB holds Classic Load Balancer metrics.
    const latency = new cloudwatch.Alarm(this, 'LatencyAlarm', {
      alarmDescription: 'The web server answers slowly',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/ELB',
        metricName: 'TargetResponseTime',
        dimensionsMap: { LoadBalancer: web.alb.loadBalancerFullName },
        statistic: cloudwatch.Stats.percentile(90),
        period: Duration.minutes(1),
      }),
      threshold: 2,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    latency.addAlarmAction(notify);

    // TRAP missing-data-ok: when the target group stops reporting, the alarm calls that OK.
    // TRAP alarm-no-actions: and when it does fire, it tells nobody.
    new cloudwatch.Alarm(this, 'HealthyHostsAlarm', {
      alarmDescription: 'No healthy web server behind the load balancer',
      metric: web.targetGroup.metrics.healthyHostCount({ statistic: cloudwatch.Stats.MINIMUM, period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const dbCpu = new cloudwatch.Alarm(this, 'DbCpuAlarm', {
      alarmDescription: 'The orders database is CPU bound',
      metric: db.metricCPUUtilization({ period: Duration.minutes(5) }),
      threshold: 80,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });
    dbCpu.addAlarmAction(notify);

    // TRAP no-composite: nothing says "the service is down" in one page; the on-call gets fragments or nothing.
  }
}
