import { Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { findings } from './nag-test-util';

const RULE = 'AutoScalingELBHealthCheck';

/** A stack with a VPC and a launch template, and a group built with `healthChecks`. */
function fleet(healthChecks?: autoscaling.HealthChecks, behindLoadBalancer = true): Stack {
  const s = new Stack();
  const vpc = new ec2.Vpc(s, 'Vpc', { natGateways: 0, maxAzs: 1 });
  const launchTemplate = new ec2.LaunchTemplate(s, 'Template', {
    instanceType: new ec2.InstanceType('t3.micro'),
    machineImage: ec2.MachineImage.latestAmazonLinux2023(),
  });
  const asg = new autoscaling.AutoScalingGroup(s, 'Fleet', { vpc, launchTemplate, healthChecks });
  if (behindLoadBalancer) new elbv2.ApplicationTargetGroup(s, 'Targets', { vpc, port: 80, targets: [asg] });
  return s;
}
const elb = (grace?: Duration) =>
  autoscaling.HealthChecks.withAdditionalChecks({ additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB], gracePeriod: grace });

describe(RULE, () => {
  test('Noncompliance 1: behind a load balancer with EC2 health checks only', () => {
    expect(findings(fleet(), RULE)).toEqual(['Default/Fleet/ASG']);
  });
  test('Noncompliance 2: ELB health checks with a grace period of 0', () => {
    expect(findings(fleet(elb(Duration.seconds(0))), RULE)).toEqual(['Default/Fleet/ASG']);
  });
  test('Noncompliance 3: EC2 health checks with a grace period', () => {
    expect(findings(fleet(autoscaling.HealthChecks.ec2({ gracePeriod: Duration.minutes(2) })), RULE)).toEqual(['Default/Fleet/ASG']);
  });
  test('Compliance: ELB health checks with a grace period', () => {
    expect(findings(fleet(elb(Duration.minutes(2))), RULE)).toEqual([]);
  });
  test('Compliance: a group behind no load balancer is not judged', () => {
    expect(findings(fleet(undefined, false), RULE)).toEqual([]);
  });
});
