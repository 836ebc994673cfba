// The guardrails are in scope: a lab that removes or weakens one fails every objective. Judged on
// the template, whatever the lab's code did to get there (an Aspect, an escape hatch, a condition).
import { cidrWithin } from '../../lab/lab-context';
import { GUARDRAILS_ID, TAG_KEYS } from '../../lab/guardrail-names';
import type { FoundResource, TemplateJson, TemplateResource } from '../../model/template';
import { asList, render, resources } from '../../template/read';
import { tagPropertyOf, tagValues } from '../../template/taggable';
import { GradingIdentities, GradingIdentity, withoutIdentity } from '../grading-identity';

const PREFIX = `${GUARDRAILS_ID}/`;
const AWSWO_TAGS = Object.values(TAG_KEYS) as string[];
const COMPARED_ATTRIBUTES = ['Type', 'Properties', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy', 'CreationPolicy', 'Condition'];

const shown = (r: FoundResource) => r.path.replace(/\/Resource$/, '') || r.logicalId;

/** The baseline's guardrail resources: what every lab gets. */
export function guardrailResources(baseline: TemplateJson): FoundResource[] {
  return resources(baseline, { includeGuardrails: true }).filter((r) => r.path.startsWith(PREFIX));
}

/** A guardrail resource as compared: the attributes that matter, awswo:* tags only (a lab may add its own tags), identity taken out. */
function comparable(resource: TemplateResource, identity: GradingIdentity, pinnedAccount?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of COMPARED_ATTRIBUTES) if (resource[key] !== undefined) out[key] = resource[key];
  const tagProperty = tagPropertyOf(resource.Type)?.property ?? (resource.Type === 'AWS::Budgets::Budget' ? 'ResourceTags' : undefined);
  const props = { ...(resource.Properties ?? {}) };
  for (const key of [tagProperty, 'Tags'].filter((k): k is string => !!k)) {
    const tags = props[key];
    if (Array.isArray(tags)) props[key] = tags.filter((t: any) => AWSWO_TAGS.includes(t?.Key)).sort((a: any, b: any) => String(a.Key).localeCompare(String(b.Key)));
    else if (tags && typeof tags === 'object') props[key] = Object.fromEntries(Object.entries(tags).filter(([k]) => AWSWO_TAGS.includes(k)).sort());
  }
  if (resource.Properties !== undefined) out.Properties = props;
  return withoutIdentity(out, identity, pinnedAccount) as Record<string, unknown>;
}

function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${sortedJson((v as any)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/** Top-level keys (Properties.X, or an attribute) where two comparable resources differ. */
function differences(a: Record<string, any>, b: Record<string, any>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const k of keys) {
    if (k === 'Properties') {
      const pa = a.Properties ?? {};
      const pb = b.Properties ?? {};
      for (const p of new Set([...Object.keys(pa), ...Object.keys(pb)])) if (sortedJson(pa[p]) !== sortedJson(pb[p])) out.push(p);
    } else if (sortedJson(a[k]) !== sortedJson(b[k])) out.push(k);
  }
  return out;
}

/**
 * Every guardrail resource of the baseline is still there, of the same type, unchanged once the
 * grading identity is taken out of both templates; nothing else claims the guardrails' construct path.
 * `pinnedAccount`: the literal account the attempt pins its stack to, if it does.
 */
export function guardrailsUnchanged(baseline: TemplateJson, template: TemplateJson, identities: GradingIdentities, pinnedAccount?: string): string[] {
  const problems: string[] = [];
  const guardrails = guardrailResources(baseline);
  const ids = new Set(guardrails.map((g) => g.logicalId));
  for (const g of guardrails) {
    const now = (template.Resources ?? {})[g.logicalId];
    // A function's log group goes with its function: the scope diff judges removing the function.
    if (!now && functionOfLogGroup(template, g) === null) continue;
    if (!now) {
      problems.push(`the guardrail ${shown(g)} (${g.resource.Type}) was removed: every lab keeps its guardrails`);
      continue;
    }
    const diff = differences(comparable(g.resource, identities.baseline), comparable(now, identities.attempt, pinnedAccount));
    if (diff.length) problems.push(`the guardrail ${shown(g)} (${g.resource.Type}) was changed (${diff.join(', ')}): every lab keeps its guardrails as they are`);
  }
  for (const r of resources(template, { includeGuardrails: true })) {
    if (!r.path.startsWith(PREFIX) || ids.has(r.logicalId)) continue;
    const fn = functionOfLogGroup(template, r);
    if (fn && isGuardrailLogGroup(r.resource) && referencesIn(fn.Properties?.LoggingConfig).includes(r.logicalId)) continue;
    problems.push(`${r.logicalId} (${r.resource.Type}) says it is part of the guardrails (${shown(r)}) but is not one of them`);
  }
  return problems;
}

/** The logical id of the function a guardrail log group was made for (`AwswoGuardrails/<function>Logs`), else undefined. */
function logGroupOwner(g: FoundResource): string | undefined {
  return g.resource.Type === 'AWS::Logs::LogGroup' ? g.path.slice(PREFIX.length).match(/^(\w+)Logs$/)?.[1] : undefined;
}

/**
 * For a guardrail log group made for one Lambda function: that function in `template`, or null
 * when it is not there; undefined for any other resource.
 */
function functionOfLogGroup(template: TemplateJson, g: FoundResource): TemplateResource | null | undefined {
  const owner = logGroupOwner(g);
  if (!owner) return undefined;
  const fn = (template.Resources ?? {})[owner];
  return fn?.Type === 'AWS::Lambda::Function' ? fn : null;
}

/** The log group the guardrails make for a new function: seven days' retention, deleted with the stack, awswo tags only. */
function isGuardrailLogGroup(r: TemplateResource): boolean {
  const { RetentionInDays, Tags, ...rest } = (r.Properties ?? {}) as Record<string, unknown>;
  return RetentionInDays === 7 && Object.keys(rest).length === 0 && r.DeletionPolicy === 'Delete'
    && asList(Tags as unknown[]).every((t: any) => AWSWO_TAGS.includes(t?.Key));
}

/** Logical ids a value refers to (Ref, Fn::GetAtt, Fn::Sub `${X}`). */
function referencesIn(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, any>;
    if (typeof o.Ref === 'string') out.push(o.Ref);
    if (o['Fn::GetAtt'] !== undefined) out.push(String(Array.isArray(o['Fn::GetAtt']) ? o['Fn::GetAtt'][0] : String(o['Fn::GetAtt']).split('.')[0]));
    if (o['Fn::Sub'] !== undefined) {
      const text = Array.isArray(o['Fn::Sub']) ? String(o['Fn::Sub'][0]) : String(o['Fn::Sub']);
      for (const m of text.matchAll(/\$\{([^}!][^}]*)\}/g)) out.push(m[1].split('.')[0]);
    }
    Object.values(o).forEach(walk);
  };
  walk(value);
  return out;
}

/**
 * Lab resources use the guardrails only as a permissions boundary: a policy on the budget topic
 * or the expiry role, the boundary attached as a grant, a subscription or an alarm on a guardrail,
 * all change what the guardrails do.
 */
export function guardrailsLeftAlone(baseline: TemplateJson, template: TemplateJson): string[] {
  const guardrails = new Map(guardrailResources(baseline).map((g) => [g.logicalId, g]));
  const boundary = guardrailResources(baseline).find((g) => g.resource.Type === 'AWS::IAM::ManagedPolicy');
  const problems: string[] = [];
  for (const r of resources(template, { includeGuardrails: true })) {
    if (guardrails.has(r.logicalId)) continue;
    for (const [key, value] of Object.entries(r.resource.Properties ?? {})) {
      if (key === 'PermissionsBoundary' && /^AWS::IAM::(Role|User)$/.test(r.resource.Type)) continue;
      const used = [...new Set(referencesIn(value).filter((id) => guardrails.has(id) && !isOwnLogGroup(r, key, guardrails.get(id)!)))];
      for (const id of used) {
        const g = guardrails.get(id)!;
        const what = id === boundary?.logicalId ? 'the guardrail permissions boundary' : `the guardrail ${shown(g)}`;
        problems.push(`${shown(r)} (${r.resource.Type}) uses ${what} in ${key}: guardrails are not the lab's to use or change`);
      }
    }
  }
  return problems;
}

/**
 * The log group the guardrails made for this very function (`AwswoGuardrails/<function>Logs`, a path
 * read from the baseline, which the grader synthesized): a function writing its logs there is the
 * guardrail at work, not the lab using it.
 */
function isOwnLogGroup(r: FoundResource, key: string, group: FoundResource): boolean {
  return r.resource.Type === 'AWS::Lambda::Function' && key === 'LoggingConfig' && logGroupOwner(group) === r.logicalId;
}

/** Every IAM role and user, new ones included, has the guardrail permissions boundary. */
export function boundariesInPlace(baseline: TemplateJson, template: TemplateJson): string[] {
  const boundary = guardrailResources(baseline).find((g) => g.resource.Type === 'AWS::IAM::ManagedPolicy');
  if (!boundary) return ['the baseline has no guardrail permissions boundary: the grader cannot judge boundaries'];
  const problems: string[] = [];
  for (const r of resources(template, { includeGuardrails: true })) {
    if (!/^AWS::IAM::(Role|User)$/.test(r.resource.Type)) continue;
    const b = r.resource.Properties?.PermissionsBoundary as any;
    const ok = b?.Ref === boundary.logicalId
      || (Array.isArray(b?.['Fn::GetAtt']) && b['Fn::GetAtt'][0] === boundary.logicalId && b['Fn::GetAtt'][1] === 'PolicyArn');
    if (!ok) {
      const now = b === undefined ? 'has no permissions boundary' : `has the permissions boundary ${render(b)}`;
      problems.push(`${shown(r)} (${r.resource.Type}) ${now}: every role and user of a lab keeps the guardrail boundary ${shown(boundary)}`);
    }
  }
  return problems;
}

/**
 * Every taggable resource (the CloudFormation schema says its type takes tags) carries the four
 * awswo:* tags with the lab's values. `exempt`: logical ids CDK cannot tag (its own custom
 * resource providers), checked elsewhere to be CDK's own.
 */
export function guardrailTagsInPlace(baseline: TemplateJson, template: TemplateJson, identities: GradingIdentities, exempt: ReadonlySet<string> = new Set()): string[] {
  const expected = expectedTags(baseline, identities.baseline);
  if (!expected) return ['the baseline carries no awswo:* tags: the grader cannot judge the tags'];
  // Resources the pristine lab leaves untagged (CDK's custom resource providers) need no tags now either.
  const untaggedInBaseline = new Set(
    resources(baseline, { includeGuardrails: true })
      .filter((r) => tagPropertyOf(r.resource.Type) && !AWSWO_TAGS.every((k) => tagValues(r.resource).has(k)))
      .map((r) => `${r.logicalId} ${r.resource.Type}`),
  );
  const short = new Map<string, Set<string>>();
  for (const r of resources(template, { includeGuardrails: true })) {
    if (!tagPropertyOf(r.resource.Type) || exempt.has(r.logicalId) || untaggedInBaseline.has(`${r.logicalId} ${r.resource.Type}`)) continue;
    const tags = tagValues(r.resource);
    const problems: string[] = [];
    for (const key of AWSWO_TAGS) {
      if (!tags.has(key)) problems.push(`no ${key}`);
      else if (sortedJson(withoutIdentity(tags.get(key), identities.attempt)) !== sortedJson(expected.get(key))) problems.push(`${key} is ${render(tags.get(key))}`);
    }
    if (problems.length) short.set(shown(r), new Set(problems));
  }
  if (short.size === 0) return [];
  const listed = [...short].slice(0, 5).map(([id, p]) => `${id} (${[...p].join(', ')})`).join('; ');
  return [`${short.size} resource(s) lost the guardrail tags: ${listed}${short.size > 5 ? '; ...' : ''}: every taggable resource keeps ${AWSWO_TAGS.join(', ')}`];
}

/** The awswo:* tag values of the baseline (identity taken out), read from its guardrail resources. */
function expectedTags(baseline: TemplateJson, identity: GradingIdentity): Map<string, unknown> | undefined {
  for (const g of guardrailResources(baseline)) {
    const tags = tagValues(g.resource);
    if (AWSWO_TAGS.every((k) => tags.has(k))) return new Map(AWSWO_TAGS.map((k) => [k, withoutIdentity(tags.get(k), identity)]));
  }
  return undefined;
}

/** No security group admits more than the allowed CIDR (none at all when there is none), no IPv6, no prefix list. */
export function ingressWithinAllowedCidr(template: TemplateJson, allowedCidr?: string): string[] {
  const problems: string[] = [];
  const judge = (where: string, rule: Record<string, any>) => {
    if (rule.CidrIpv6 !== undefined) problems.push(`${where} admits IPv6 ${render(rule.CidrIpv6)}: labs allow no IPv6 ingress`);
    if (rule.SourcePrefixListId !== undefined) problems.push(`${where} admits the prefix list ${render(rule.SourcePrefixListId)}: the grader cannot tell it is within the allowed CIDR`);
    if (rule.CidrIp === undefined) return;
    if (typeof rule.CidrIp !== 'string') problems.push(`${where} admits ${render(rule.CidrIp)}: an ingress CIDR must be a literal`);
    else if (!allowedCidr) problems.push(`${where} admits ${rule.CidrIp}, but the lab was given no allowed CIDR`);
    else {
      let within = false;
      try {
        within = cidrWithin(rule.CidrIp, allowedCidr);
      } catch {
        within = false;
      }
      if (!within) problems.push(`${where} admits ${rule.CidrIp}, wider than the allowed CIDR ${allowedCidr}`);
    }
  };
  for (const r of resources(template, { includeGuardrails: true })) {
    if (r.resource.Type === 'AWS::EC2::SecurityGroup') {
      for (const rule of asList(r.resource.Properties?.SecurityGroupIngress as any[])) if (rule && typeof rule === 'object') judge(shown(r), rule);
    } else if (r.resource.Type === 'AWS::EC2::SecurityGroupIngress') {
      judge(shown(r), r.resource.Properties ?? {});
    }
  }
  return problems;
}
