import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { LabStack, LabStackProps, LabVpc, labEdgeSubnets, WebTier } from '../../../lib/lab';

/**
 * Reference fix: the alarm notices an outage within three minutes, pages the on-call through a
 * TLS-only topic, and says so again when the service recovers.
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

    // The on-call's pager: subscribe your address to it (README.md).
    const incidentTopic = new sns.Topic(this, 'IncidentTopic', { displayName: 'Status page incidents', enforceSSL: true });

    // One-minute periods, two of three breaching: an outage pages within three minutes.
    const healthyHosts = new cloudwatch.Alarm(this, 'HealthyHostsAlarm', {
      alarmDescription: 'Status page down: no healthy web server behind the load balancer',
      metric: web.targetGroup.metrics.healthyHostCount({ statistic: cloudwatch.Stats.MINIMUM, period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    healthyHosts.addAlarmAction(new actions.SnsAction(incidentTopic));
    healthyHosts.addOkAction(new actions.SnsAction(incidentTopic));
  }
}
