// Resources by what they are, not by what the lab says about them. A drill names its resources by
// construct id ('OpsRole', 'ReportsBucket/Bucket'); the grader's own baseline (the pristine lab,
// trustworthy) turns that into a logical id and a type, and the student's template is read by those.
// The `aws:cdk:path` metadata of the student's template is the lab's to write, so it never decides
// which resource is judged: a decoy at the expected construct path is never judged instead of the
// real resource.
import type { FoundResource, TemplateJson } from '../model/template';
import type { ScopeFinding } from '../model/evidence';
import { constructPath, findResource, resources, resourcesUnder } from './read';

/** What identity lookups read: the student's template and the grader's baseline. */
export interface TemplatePair {
  readonly template: TemplateJson;
  readonly baseline: TemplateJson;
}

/**
 * The resource a construct id stands for in one template, by construct path: its `Resource` child,
 * the construct itself, or the only resource of `type` below it (an L2 such as AutoScalingGroup
 * names its L1 `ASG`). Trust this only in the baseline.
 */
export function resourceAtPath(template: TemplateJson, constructId: string, type?: string): FoundResource | undefined {
  const found = findResource(template, constructId, type);
  if (found) return found;
  if (!type) return undefined;
  const below = resourcesUnder(template, constructId, type);
  return below.length === 1 ? below[0] : undefined;
}

function byLogicalId(template: TemplateJson, logicalId: string): FoundResource | undefined {
  const resource = (template.Resources ?? {})[logicalId];
  return resource ? { logicalId, resource, path: constructPath(resource) } : undefined;
}

/**
 * The student's resource for a drill's construct id: the resource with the baseline's logical id and
 * type, with the baseline's construct path. A construct the baseline does not have (one the fix
 * adds) is found by its construct path.
 * Undefined when the student's template lacks it: the check then fails ("fix it, don't delete it").
 */
export function identify(pair: TemplatePair, constructId: string, type?: string): FoundResource | undefined {
  const original = resourceAtPath(pair.baseline, constructId, type);
  if (!original) return resourceAtPath(pair.template, constructId, type);
  const found = byLogicalId(pair.template, original.logicalId);
  // Named by its baseline path in messages: the student's metadata does not rename it.
  return found && found.resource.Type === original.resource.Type ? { ...found, path: original.path } : undefined;
}

/**
 * Logical ids that stand for a construct and everything below it: the baseline's resources under
 * it, plus resources the student added (logical ids the baseline does not have) under its path.
 */
export function logicalIdsUnder(pair: TemplatePair, constructId: string): Set<string> {
  const baselineIds = new Set(Object.keys(pair.baseline.Resources ?? {}));
  const ids = new Set(resourcesUnder(pair.baseline, constructId).map((r) => r.logicalId));
  for (const r of resourcesUnder(pair.template, constructId)) if (!baselineIds.has(r.logicalId)) ids.add(r.logicalId);
  return ids;
}

export type IdentityFindingKind = 'moved' | 'decoy' | 'takes-over';

/** Something the scope report lists about a resource's identity. */
export interface IdentityFinding extends ScopeFinding {
  readonly kind: IdentityFindingKind;
}

const shown = (path: string, logicalId: string) => path.replace(/\/Resource$/, '') || logicalId;
const topConstruct = (path: string, logicalId: string) => path.split('/')[0] || logicalId;

/** Normalised JSON of a value, object keys sorted, so equal wiring compares equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const sortedBy = (key: string) => (list: unknown) =>
  Array.isArray(list) ? [...list].sort((a, b) => canonical(a?.[key]).localeCompare(canonical(b?.[key]))) : list;

/**
 * What ties a resource of a type to the rest of the lab, so a second resource with the same wiring
 * is taking over the first one's role: a function's execution role, an alarm's metric, ...
 */
const WIRING: Readonly<Record<string, { readonly what: string; readonly key: (p: Record<string, any>) => unknown }>> = {
  'AWS::Lambda::Function': { what: 'execution role', key: (p) => p.Role },
  'AWS::CloudWatch::Alarm': {
    what: 'metric',
    key: (p) => (p.MetricName !== undefined
      ? { n: p.Namespace, m: p.MetricName, d: sortedBy('Name')(p.Dimensions ?? []) }
      : p.Metrics !== undefined ? { metrics: p.Metrics } : undefined),
  },
  'AWS::EC2::Instance': { what: 'instance profile', key: (p) => p.IamInstanceProfile },
  'AWS::EC2::LaunchTemplate': { what: 'instance profile', key: (p) => p.LaunchTemplateData?.IamInstanceProfile },
  'AWS::AutoScaling::AutoScalingGroup': { what: 'target groups', key: (p) => p.TargetGroupARNs },
  'AWS::ECS::TaskDefinition': { what: 'task role', key: (p) => p.TaskRoleArn },
  'AWS::StepFunctions::StateMachine': { what: 'role', key: (p) => p.RoleArn },
  'AWS::CodeBuild::Project': { what: 'service role', key: (p) => p.ServiceRole },
  'AWS::IAM::InstanceProfile': { what: 'roles', key: (p) => p.Roles },
  'AWS::Lambda::EventSourceMapping': { what: 'event source', key: (p) => p.EventSourceArn },
  'AWS::Logs::MetricFilter': { what: 'log group and pattern', key: (p) => ({ g: p.LogGroupName, f: p.FilterPattern }) },
  'AWS::Events::Rule': { what: 'event pattern', key: (p) => p.EventPattern ?? p.ScheduleExpression },
  'AWS::SSM::Association': { what: 'document', key: (p) => p.Name },
};

/**
 * What the student's template says about identities, against the baseline:
 * - `moved`: a baseline logical id whose construct path now names another construct;
 * - `decoy`: a new resource (logical id the baseline lacks) at a baseline resource's construct path;
 * - `takes-over`: a new resource of a baseline resource's type with the same wiring (the same
 *   execution role, the same metric, ...) while the baseline resource stays.
 * Checks judge the baseline's logical ids whatever the paths say; these are listed so an
 * instructor sees them.
 */
export function identityFindings(pair: TemplatePair): IdentityFinding[] {
  const findings: IdentityFinding[] = [];
  const baseline = resources(pair.baseline, { includeGuardrails: true });
  const baselineIds = new Set(baseline.map((r) => r.logicalId));
  const student = resources(pair.template, { includeGuardrails: true });
  const added = student.filter((r) => !baselineIds.has(r.logicalId));
  const byPath = new Map<string, FoundResource>(baseline.filter((r) => r.path).map((r) => [r.path, r]));

  for (const original of baseline) {
    const now = byLogicalId(pair.template, original.logicalId);
    if (!now || now.resource.Type !== original.resource.Type || !original.path || now.path === original.path) continue;
    findings.push({
      kind: 'moved',
      logicalId: original.logicalId,
      constructId: topConstruct(original.path, original.logicalId),
      message: `${shown(original.path, original.logicalId)} (${original.resource.Type}, logical id ${original.logicalId}) now says it is ${shown(now.path, now.logicalId) || 'nothing'}: the grader still judges it as ${shown(original.path, original.logicalId)}`,
    });
  }
  for (const r of added) {
    const original = byPath.get(r.path);
    if (!original || original.resource.Type !== r.resource.Type) continue;
    const stays = byLogicalId(pair.template, original.logicalId);
    findings.push({
      kind: 'decoy',
      logicalId: r.logicalId,
      constructId: topConstruct(original.path, original.logicalId),
      message: stays
        ? `a new ${r.resource.Type} (logical id ${r.logicalId}) sits at ${shown(original.path, original.logicalId)}'s construct path while the original (${original.logicalId}) stays: the grader judges the original`
        : `${shown(original.path, original.logicalId)} is a new resource (logical id ${r.logicalId}, was ${original.logicalId}): the original is deleted and replaced`,
    });
  }
  for (const r of added) {
    const wiring = WIRING[r.resource.Type];
    if (!wiring) continue;
    const key = wiring.key(r.resource.Properties ?? {});
    if (key === undefined || key === null) continue;
    const text = canonical(key);
    for (const original of baseline.filter((b) => b.resource.Type === r.resource.Type)) {
      const stays = byLogicalId(pair.template, original.logicalId);
      if (!stays || stays.resource.Type !== original.resource.Type) continue;
      if (canonical(wiring.key(stays.resource.Properties ?? {})) !== text) continue;
      findings.push({
        kind: 'takes-over',
        logicalId: r.logicalId,
        constructId: topConstruct(original.path, original.logicalId),
        message: `the new ${r.resource.Type} ${shown(r.path, r.logicalId)} (logical id ${r.logicalId}) has the same ${wiring.what} as ${shown(original.path, original.logicalId)}, which stays: the grader judges ${shown(original.path, original.logicalId)}`,
      });
    }
  }
  return findings;
}
