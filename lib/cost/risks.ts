import { grantHasAction, iamModel } from '../checks/iam/model';
import { overlaps } from '../checks/iam/pattern';
import { asList, constructPath, refTarget, render, resources } from '../template/read';
import { FoundResource, TemplateJson } from '../model/template';

/** Spend an estimate cannot bound: it depends on a loop or on traffic nobody capped. */
export interface CostRisk {
  readonly kind: 'recursive-loop' | 'loop-detection-off' | 'uncapped-concurrency' | 'idle-address';
  /** Construct path (or logical id) of the resource at fault. */
  readonly resource: string;
  readonly message: string;
}

/** One S3 event notification that invokes a Lambda function. */
export interface S3Trigger {
  readonly bucketId: string;
  readonly functionId: string;
  readonly events: readonly string[];
  /** Key prefix and suffix filters ('' when none). */
  readonly prefix: string;
  readonly suffix: string;
}

/** A function that may write objects back where its own trigger fires. */
export interface S3LambdaLoop {
  readonly trigger: S3Trigger;
  /** Construct paths, for messages. */
  readonly bucket: string;
  readonly fn: string;
  /** The key prefixes the function may write to in that bucket ('' = the whole bucket). */
  readonly writePrefixes: readonly string[];
  /** Environment variables of the function that name the bucket. */
  readonly envVars: readonly string[];
}

function filterRules(rules: unknown): { prefix: string; suffix: string } {
  let prefix = '';
  let suffix = '';
  for (const r of asList(rules) as Array<{ Name?: string; Value?: unknown }>) {
    const name = String(r?.Name ?? '').toLowerCase();
    if (name === 'prefix') prefix = render(r.Value);
    if (name === 'suffix') suffix = render(r.Value);
  }
  return { prefix, suffix };
}

/** Every S3 → Lambda notification: the CDK custom resource (Custom::S3BucketNotifications) and native bucket configuration. */
export function s3LambdaTriggers(template: TemplateJson): S3Trigger[] {
  const out: S3Trigger[] = [];
  for (const r of resources(template, { includeGuardrails: true })) {
    const p = r.resource.Properties ?? {};
    if (r.resource.Type === 'Custom::S3BucketNotifications') {
      const bucketId = refTarget(p.BucketName);
      if (!bucketId) continue;
      for (const c of asList(p.NotificationConfiguration?.LambdaFunctionConfigurations) as any[]) {
        const functionId = refTarget(c?.LambdaFunctionArn);
        if (functionId) out.push({ bucketId, functionId, events: asList(c.Events).map(String), ...filterRules(c.Filter?.Key?.FilterRules) });
      }
    } else if (r.resource.Type === 'AWS::S3::Bucket') {
      for (const c of asList(p.NotificationConfiguration?.LambdaConfigurations) as any[]) {
        const functionId = refTarget(c?.Function);
        if (functionId) out.push({ bucketId: r.logicalId, functionId, events: [String(c.Event)], ...filterRules(c.Filter?.S3Key?.Rules) });
      }
    }
  }
  return out;
}

/**
 * The key prefix under which `resource` (a normalized ARN pattern, model.ts) lets a principal
 * write objects of the bucket whose ARN is `bucketArn`: '' for the whole bucket, undefined for
 * none of its objects.
 */
function objectPrefix(resource: string, bucketArn: string): string | undefined {
  if (!overlaps(resource, `${bucketArn}/*`)) return undefined;
  if (!resource.startsWith(`${bucketArn}/`)) return '';
  const rest = resource.slice(bucketArn.length + 1);
  const wild = rest.search(/[*?]/);
  return wild < 0 ? rest : rest.slice(0, wild);
}

/** True when two key prefixes can name the same object. */
export function prefixesOverlap(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/**
 * S3 → Lambda loops: a notification on a bucket invokes a function whose role may s3:PutObject into
 * the same bucket under a prefix that overlaps the trigger's prefix filter. A suffix filter does
 * not count as a break: the function may well write the same suffix back.
 */
export function s3LambdaLoops(template: TemplateJson): S3LambdaLoop[] {
  const all = resources(template, { includeGuardrails: true });
  const byId = new Map(all.map((r) => [r.logicalId, r]));
  const loops: S3LambdaLoop[] = [];
  for (const trigger of s3LambdaTriggers(template)) {
    const fn = byId.get(trigger.functionId);
    const bucket = byId.get(trigger.bucketId);
    if (!fn || !bucket) continue;
    const model = iamModel(template);
    const bucketArn = model.main.values.arnOf(trigger.bucketId);
    if (!bucketArn) continue;
    const grants = model.runsAs(trigger.functionId).flatMap((r) => model.grantsOf(r.principal, { assume: false })).filter((g) => grantHasAction(g, 's3:PutObject'));
    const writePrefixes = grants.map((g) => objectPrefix(g.resource, bucketArn)).filter((x): x is string => x !== undefined);
    const overlapping = writePrefixes.filter((w) => prefixesOverlap(w, trigger.prefix));
    if (overlapping.length === 0) continue;
    const env = (fn.resource.Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
    const envVars = Object.entries(env).filter(([, v]) => refTarget(v) === trigger.bucketId || render(v).includes(`\${${trigger.bucketId}`)).map(([k]) => k);
    loops.push({ trigger, bucket: pathOf(bucket), fn: pathOf(fn), writePrefixes: [...new Set(overlapping)], envVars });
  }
  return loops;
}

function pathOf(r: FoundResource): string {
  return constructPath(r.resource) || r.logicalId;
}

/** Describes a loop in one sentence. */
export function describeLoop(loop: S3LambdaLoop): string {
  const top = (p: string) => p.split('/')[0];
  const filters = [loop.trigger.prefix && `under "${loop.trigger.prefix}"`, loop.trigger.suffix && `ending "${loop.trigger.suffix}"`].filter(Boolean).join(' and ');
  const where = filters ? `new objects ${filters}` : 'every new object';
  const writes = loop.writePrefixes.map((w) => (w ? `"${w}"` : 'anywhere')).join(', ');
  const env = loop.envVars.length ? ` (its environment ${loop.envVars.join(', ')} names that bucket)` : '';
  return `${top(loop.bucket)} invokes ${top(loop.fn)} on ${where}, and ${top(loop.fn)} may s3:PutObject ${writes} in the same bucket${env}: each write triggers it again`;
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

/** Spend risks the template shows: S3 → Lambda loops, loop detection switched off, uncapped triggered functions. */
export function costRisks(template: TemplateJson): CostRisk[] {
  const risks: CostRisk[] = [];
  for (const loop of s3LambdaLoops(template)) {
    risks.push({ kind: 'recursive-loop', resource: loop.fn, message: `recursive loop: ${describeLoop(loop)}` });
  }
  for (const eip of resources(template, { type: 'AWS::EC2::EIP', includeGuardrails: true })) {
    if (isIdleEip(template, eip)) risks.push({ kind: 'idle-address', resource: pathOf(eip), message: `${pathOf(eip)} is an Elastic IP associated with nothing: billed every hour for no use` });
  }
  const triggered = new Set(s3LambdaTriggers(template).map((t) => t.functionId));
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
