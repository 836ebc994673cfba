import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnAutoScalingGroup } from 'aws-cdk-lib/aws-autoscaling';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { deployedProperties, toList } from '../private/policy-document';

/** A group behind a load balancer replaces instances the load balancer finds unhealthy, after a grace period. */
export const info = 'An Auto Scaling group behind a load balancer does not use ELB health checks with a grace period.';
export const explanation =
  'With EC2 health checks only, an instance that runs but does not serve stays in service; without a grace period, '
  + 'new instances are judged (and replaced) before they finish booting. Use HealthCheckType ELB and a HealthCheckGracePeriod above 0.';
export const level = NagMessageLevel.ERROR;

export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnAutoScalingGroup)) return NagRuleCompliance.NOT_APPLICABLE;
    const props = deployedProperties(node);
    const behindLoadBalancer = toList(props.TargetGroupARNs).length > 0 || toList(props.LoadBalancerNames).length > 0;
    if (!behindLoadBalancer) return NagRuleCompliance.NOT_APPLICABLE;
    const types = String(props.HealthCheckType ?? 'EC2').split(',').map((t) => t.trim());
    const grace = Number(props.HealthCheckGracePeriod ?? 0);
    return types.includes('ELB') && grace > 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
