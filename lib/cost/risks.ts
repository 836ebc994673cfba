import { EventGraph } from './loops';
import { constructPath, refTarget, resources } from '../template/read';
import { FoundResource, TemplateJson } from '../model/template';

/** Spend an estimate cannot bound: it depends on a loop or on traffic nobody capped. */
export interface CostRisk {
  readonly kind: 'recursive-loop' | 'loop-detection-off' | 'uncapped-concurrency' | 'idle-address';
  /** Construct path (or logical id) of the resource at fault. */
  readonly resource: string;
  readonly message: string;
}

function pathOf(r: FoundResource): string {
  return constructPath(r.resource) || r.logicalId;
}

/** An Elastic IP no NAT gateway, association or instance uses: billed for nothing. */
export function isIdleEip(template: TemplateJson, eip: FoundResource): boolean {
  if (eip.resource.Properties?.InstanceId) return false;
  return !Object.entries(template.Resources ?? {}).some(([id, r]) => {
    if (id === eip.logicalId) return false;
    if (!['AWS::EC2::NatGateway', 'AWS::EC2::EIPAssociation', 'AWS::EC2::Instance', 'AWS::ElasticLoadBalancingV2::LoadBalancer'].includes(r.Type)) return false;
    return references(r.Properties, eip.logicalId);
  });
}

/** True when `value` holds a Ref or GetAtt to `logicalId` anywhere inside it. */
export function references(value: unknown, logicalId: string): boolean {
  if (!value || typeof value !== 'object') return false;
  if (refTarget(value) === logicalId) return true;
  return Object.values(value as Record<string, unknown>).some((v) => references(v, logicalId));
}

/** Spend risks the template shows: event loops through S3, SNS, SQS, EventBridge and Lambda (loops.ts), loop detection switched off, uncapped triggered functions. */
export function costRisks(template: TemplateJson): CostRisk[] {
  const risks: CostRisk[] = [];
  const graph = new EventGraph(template);
  for (const loop of graph.loops()) {
    const at = loop.functions[0] ?? loop.nodes[0];
    risks.push({ kind: 'recursive-loop', resource: graph.label(at), message: `recursive loop: ${graph.describe(loop)}` });
  }
  for (const eip of resources(template, { type: 'AWS::EC2::EIP', includeGuardrails: true })) {
    if (isIdleEip(template, eip)) risks.push({ kind: 'idle-address', resource: pathOf(eip), message: `${pathOf(eip)} is an Elastic IP associated with nothing: billed every hour for no use` });
  }
  const triggered = new Set(resources(template, { type: 'AWS::Lambda::Function', includeGuardrails: true }).filter((f) => graph.bucketsReaching(f.logicalId).length > 0).map((f) => f.logicalId));
  for (const fn of resources(template, { type: 'AWS::Lambda::Function', includeGuardrails: true })) {
    const p = fn.resource.Properties ?? {};
    if (p.RecursiveLoop === 'Allow') {
      risks.push({ kind: 'loop-detection-off', resource: pathOf(fn), message: `${pathOf(fn)} has RecursiveLoop: Allow: Lambda will not stop a recursive loop` });
    }
    if (triggered.has(fn.logicalId) && p.ReservedConcurrentExecutions === undefined) {
      risks.push({ kind: 'uncapped-concurrency', resource: pathOf(fn), message: `${pathOf(fn)} runs on S3 events with no reserved concurrency: a burst of uploads (or a loop) scales it to the account limit` });
    }
  }
  return risks;
}
