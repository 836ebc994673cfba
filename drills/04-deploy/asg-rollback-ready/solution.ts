import { CfnOutput, Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { LabStack, LabStackProps, LabVpc, labEdgeSubnets, WebTier } from '../../../lib/lab';

/**
 * Reference fix: the load balancer decides what is healthy, releases roll out one instance at a
 * time, and an alarm on unhealthy targets is exported for CloudFormation to roll back on.
 */
export default class AsgRollbackReadyLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    // No NAT gateway: the load balancer sits in public subnets, the web servers in isolated ones.
    const vpc = new LabVpc(this, 'Vpc', { subnetConfiguration: labEdgeSubnets('web') });

    const web = new WebTier(this, {
      vpc,
      name: 'Web',
      allowedCidr: this.lab.allowedCidr,
      site: { index: '<h1>awswo web fleet, release v1</h1>', health: 'ok v1' },
      fleet: {
        minCapacity: 2,
        maxCapacity: 3,
        healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
          additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
          gracePeriod: Duration.minutes(2),
        }),
        updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({
          maxBatchSize: 1,
          minInstancesInService: 1,
          pauseTime: Duration.minutes(3),
        }),
      },
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: '/health',
        healthyHttpCodes: '200',
        interval: Duration.seconds(15),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 2,
      },
    });

    // The rollback trigger: CloudFormation watches this alarm during and after every update
    // (update-stack --rollback-configuration, see README.md) and rolls back when it fires.
    const rollbackAlarm = new cloudwatch.Alarm(this, 'RollbackAlarm', {
      alarmDescription: 'Rollback trigger: the web fleet has unhealthy targets',
      metric: web.targetGroup.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 1,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    new CfnOutput(this, 'RollbackAlarmArn', {
      value: rollbackAlarm.alarmArn,
      description: 'Pass to update-stack --rollback-configuration as a rollback trigger',
    });
  }
}
