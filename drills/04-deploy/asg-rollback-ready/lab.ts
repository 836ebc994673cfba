import { Duration, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import { Construct } from 'constructs';
import { LabStack, LabStackProps, LabVpc, labEdgeSubnets, WebTier } from '../../../lib/lab';

/**
 * A small web fleet behind a load balancer. It serves pages today, but a bad release would roll out
 * to every instance at once and nothing would notice or roll it back (see README.md).
 */
export default class AsgRollbackReadyLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    // No NAT gateway: the load balancer sits in public subnets, the web servers in isolated ones.
    const vpc = new LabVpc(this, 'Vpc', { subnetConfiguration: labEdgeSubnets('web') });

    // TRAP ec2-health-check: the group only asks EC2 whether the instances run, not whether they serve,
    // and judges new instances the moment they boot.
    // TRAP no-update-policy: a new launch template version reaches every instance at once, however CloudFormation likes.
    // TRAP no-health-check-path: the target group probes "/", which answers 200 even when the app is broken.
    const web = new WebTier(this, {
      vpc,
      name: 'Web',
      allowedCidr: this.lab.allowedCidr,
      site: { index: '<h1>awswo web fleet, release v1</h1>', health: 'ok v1' },
      fleet: {
        minCapacity: 2,
        maxCapacity: 3,
        healthChecks: autoscaling.HealthChecks.ec2({ gracePeriod: Duration.seconds(0) }),
      },
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {},
    });
    Validations.of(web.fleet!).acknowledge({ id: 'Awswo-AutoScalingELBHealthCheck', reason: 'DRILL: trap ec2-health-check' });

    // TRAP no-rollback-trigger: no alarm watches the fleet while CloudFormation deploys, so a bad
    // release is never rolled back automatically.
  }
}
