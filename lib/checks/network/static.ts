// Static checks of how traffic reaches the lab's servers: the load balancer's listener forwards to
// the drill's target group, and the fleet is registered with it, so the health check and the
// metrics judged elsewhere are the ones that decide what serves.
import { fail, pass } from '../../model/verdict';
import type { StaticCheck } from '../../model/drill';
import type { FoundResource, TemplateJson } from '../../model/template';
import { identify, TemplatePair } from '../../template/identity';
import { asList, refTarget, render, resources } from '../../template/read';

const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';
const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';

export interface ServedBy {
  /** Construct ids in the lab: `WebAlb`, its listener `WebAlb/Http`, the target group `WebTargets`. */
  readonly loadBalancer: string;
  readonly listener: string;
  readonly targetGroup: string;
  /** What serves: an Auto Scaling group, or one instance (registered as a target of the group). */
  readonly fleet: { readonly autoScalingGroup: string } | { readonly instance: string };
  /** The port the servers answer on: an instance registered on another port never turns healthy. */
  readonly port?: number;
}

const shown = (r: FoundResource) => r.path.replace(/\/Resource$/, '') || r.logicalId;
const byId = (t: TemplateJson, id: string | undefined) => (id ? resources(t, { includeGuardrails: true }).find((r) => r.logicalId === id) : undefined);

/** Where one listener action sends requests: target groups with a weight above 0, or what it does instead. */
function destinations(t: TemplateJson, action: any): { groups: string[]; other?: string } {
  const type = String(action?.Type ?? '');
  if (type.startsWith('authenticate-')) return { groups: [] };
  if (type !== 'forward') return { groups: [], other: `${type || 'an unknown action'}${action?.FixedResponseConfig?.StatusCode ? ` ${render(action.FixedResponseConfig.StatusCode)}` : ''}` };
  const weighted = asList(action.ForwardConfig?.TargetGroups) as any[];
  const targets = weighted.length ? weighted : [{ TargetGroupArn: action.TargetGroupArn }];
  const groups = targets
    .filter((g) => g?.Weight === undefined || Number(g.Weight) > 0)
    .map((g) => refTarget(g?.TargetGroupArn) ?? render(g?.TargetGroupArn));
  return { groups: groups.map((g) => (byId(t, g) ? shown(byId(t, g)!) : g)) };
}

/** What sends the listener's requests anywhere but the target group, or undefined. */
function listenerProblem(t: TemplateJson, listener: FoundResource, tg: FoundResource, spec: ServedBy): string | undefined {
  const tgShown = spec.targetGroup;
  const actions = [...asList(listener.resource.Properties?.DefaultActions as any[])].sort((a, b) => Number(a?.Order ?? 0) - Number(b?.Order ?? 0));
  const final = actions.find((a) => !String(a?.Type ?? '').startsWith('authenticate-'));
  const d = destinations(t, final);
  if (d.other) return `${spec.listener} answers every request with ${d.other} instead of forwarding to ${tgShown}`;
  const name = (x: string) => (x === shown(tg) ? tgShown : x);
  if (!d.groups.map(name).includes(tgShown)) return `${spec.listener} forwards to ${d.groups.map(name).join(', ') || 'no target group'}, not to ${tgShown}: ${tgShown}'s health check and metrics judge servers that get no traffic`;
  const elsewhere = d.groups.map(name).filter((g) => g !== tgShown);
  if (elsewhere.length) return `${spec.listener} also forwards to ${elsewhere.join(', ')}: part of the traffic reaches servers ${tgShown}'s health check never judges`;
  for (const rule of resources(t, { type: LISTENER_RULE, includeGuardrails: true }).filter((r) => refTarget(r.resource.Properties?.ListenerArn) === listener.logicalId)) {
    const ruleActions = asList(rule.resource.Properties?.Actions as any[]).filter((a) => !String(a?.Type ?? '').startsWith('authenticate-'));
    for (const a of ruleActions) {
      const rd = destinations(t, a);
      const away = rd.groups.map(name).filter((g) => g !== tgShown);
      if (rd.other || away.length) return `the listener rule ${shown(rule)} sends the requests it matches to ${rd.other ?? away.join(', ')}, away from ${tgShown}`;
    }
  }
  return undefined;
}

/** Whether the fleet is registered with the target group (and on the servers' port). */
function registrationProblem(e: TemplatePair, tg: FoundResource, spec: ServedBy): string | undefined {
  if ('autoScalingGroup' in spec.fleet) {
    const asg = identify(e, spec.fleet.autoScalingGroup, 'AWS::AutoScaling::AutoScalingGroup');
    if (!asg) return `${spec.fleet.autoScalingGroup} is missing from the template: fix it, don't delete it`;
    const groups = asList(asg.resource.Properties?.TargetGroupARNs).map(refTarget);
    if (!groups.includes(tg.logicalId)) return `${spec.fleet.autoScalingGroup} is not registered with ${spec.targetGroup} (TargetGroupARNs): the load balancer sends it no traffic and its health check judges nobody`;
    return undefined;
  }
  const instance = identify(e, spec.fleet.instance, 'AWS::EC2::Instance');
  if (!instance) return `${spec.fleet.instance} is missing from the template: fix it, don't delete it`;
  const type = String(tg.resource.Properties?.TargetType ?? 'instance');
  if (type !== 'instance') return `${spec.targetGroup} has TargetType ${type}: ${spec.fleet.instance} cannot be registered with it`;
  const registered = asList(tg.resource.Properties?.Targets as any[]).filter((x) => refTarget(x?.Id) === instance.logicalId);
  if (registered.length === 0) return `${spec.fleet.instance} is not a target of ${spec.targetGroup}: the load balancer sends it no traffic and its health check judges nobody`;
  if (spec.port !== undefined) {
    const ports = registered.map((x) => Number(x.Port ?? tg.resource.Properties?.Port));
    if (!ports.includes(spec.port)) return `${spec.fleet.instance} is registered with ${spec.targetGroup} on port ${ports.join(', ')}, but it serves on ${spec.port}`;
  }
  return undefined;
}

/**
 * The load balancer's listener forwards all its traffic to the drill's target group, and the fleet
 * is registered with that target group: the target group whose health check and metrics are
 * judged is the one that serves.
 */
export function fleetServedBy(id: string, spec: ServedBy): StaticCheck {
  return {
    id,
    run: (e) => {
      const missing = (what: string, type: string) => fail(`${what} (${type}) is missing from the template: fix it, don't delete it`);
      const lb = identify(e, spec.loadBalancer, LOAD_BALANCER);
      if (!lb) return missing(spec.loadBalancer, LOAD_BALANCER);
      const tg = identify(e, spec.targetGroup, TARGET_GROUP);
      if (!tg) return missing(spec.targetGroup, TARGET_GROUP);
      const listener = identify(e, spec.listener, LISTENER);
      if (!listener) return missing(spec.listener, LISTENER);
      if (refTarget(listener.resource.Properties?.LoadBalancerArn) !== lb.logicalId) return fail(`${spec.listener} no longer listens on ${spec.loadBalancer}`);
      const problem = listenerProblem(e.template, listener, tg, spec) ?? registrationProblem(e, tg, spec);
      if (problem) return fail(problem);
      const fleet = 'autoScalingGroup' in spec.fleet ? spec.fleet.autoScalingGroup : spec.fleet.instance;
      return pass(`${spec.listener} forwards to ${spec.targetGroup}, and ${fleet} is registered with it`);
    },
  };
}
