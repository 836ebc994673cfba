import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { LabStack, LabStackProps, LabVpc, labEdgeSubnets, WebTier } from '../../../lib/lab';

/**
 * The status page of the orders service: a load balancer and one web server, watched by one alarm.
 * Your instructor will break it while you are on call (see README.md).
 */
export default class LiveIncidentLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    // No NAT gateway: the load balancer sits in public subnets, the web server in isolated ones.
    const vpc = new LabVpc(this, 'Vpc', { subnetConfiguration: labEdgeSubnets('web') });

    const web = new WebTier(this, {
      vpc,
      name: 'Status page',
      allowedCidr: this.lab.allowedCidr,
      site: { index: '<h1>awswo orders status: all systems normal</h1>', health: 'ok' },
      healthCheck: { path: '/health', interval: Duration.seconds(10), timeout: Duration.seconds(5), healthyThresholdCount: 2, unhealthyThresholdCount: 2 },
    });

    // TRAP slow-detection: five-minute periods, three of them: an outage is noticed a quarter of an hour late.
    // TRAP missing-data-ok: when the target group stops reporting, the alarm calls that OK.
    // TRAP alarm-pages-nobody: the alarm has no action, on ALARM or on OK: nobody is paged, nobody hears it recovered.
    new cloudwatch.Alarm(this, 'HealthyHostsAlarm', {
      alarmDescription: 'Status page down: no healthy web server behind the load balancer',
      metric: web.targetGroup.metrics.healthyHostCount({ statistic: cloudwatch.Stats.MINIMUM, period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
