// Static IAM checks, judged on the IAM model of the whole template (model.ts). A drill names its
// principals and resources by construct id; they are found in the grader's pristine baseline
// (whose metadata the grader wrote) and then by logical id and type in the student's template,
// never by the metadata the student's lab writes. Least privilege holds for every principal of
// the lab: the drill's own, whatever now stands in for it (the role its workload was switched to,
// a new role trusted like it, a new user), and every other one, old or new.
import type { StaticCheck, StaticEvidence } from '../../model/drill';
import { error, fail, pass, Verdict } from '../../model/verdict';
import type { TemplateJson } from '../../model/template';
import type { SynthIdentity } from '../../model/evidence';
import { BASELINE_IDENTITY, IDENTITY_PLACEHOLDERS, normaliseTemplate } from '../../model/identity';
import { findResource, resources } from '../../template/read';
import { display, TemplateValues } from './arn';
import { Condition, implies, parseCondition, RequestContext } from './conditions-iam';
import { coveredBy, describeGrant, EnvelopeEntry, Grant, grantHasAction, iamModel, IamModel, isAdminGrant, isWildcardGrant, Principal } from './model';
import { overlaps } from './pattern';

/** A config error of the drill itself (a construct id its baseline does not have): the check cannot run. */
class DrillConfigError extends Error {}
/** A resource the drill names is gone from the student's template. */
class MissingResource extends Error {}

/** The template with its grading identity replaced by placeholders (made once: every check of a grade shares it). */
function normalised(template: TemplateJson, identity: SynthIdentity | undefined): TemplateJson {
  return identity ? normaliseTemplate(template, identity) : template;
}

/** How a check sees one grade: both models, and the drill's names resolved through the baseline. */
export class IamEvidence {
  readonly model: IamModel;
  readonly baselineModel: IamModel;
  readonly values: TemplateValues;
  /** The guardrail's permissions boundaries: a ceiling every lab gets, not part of the student's fix. */
  readonly guardrailBoundaries: ReadonlySet<string>;

  /** The student's template and the baseline, the grading identity of each replaced by placeholders so that they compare. */
  readonly template: TemplateJson;
  readonly baseline: TemplateJson;

  constructor(readonly evidence: Pick<StaticEvidence, 'template' | 'baseline' | 'environment'> & { readonly identity?: SynthIdentity }) {
    this.template = normalised(evidence.template, evidence.identity);
    this.baseline = normalised(evidence.baseline, BASELINE_IDENTITY);
    const id = evidence.identity;
    const account = id && evidence.environment?.account === id.account ? IDENTITY_PLACEHOLDERS.account : evidence.environment?.account;
    const region = id && evidence.environment?.region === id.region ? IDENTITY_PLACEHOLDERS.region : evidence.environment?.region;
    const env = { account, region };
    this.model = iamModel(this.template, env);
    this.baselineModel = iamModel(this.baseline, { ...env, valuesFrom: this.template });
    this.values = this.model.main.values;
    this.guardrailBoundaries = new Set(
      resources(this.baseline, { type: 'AWS::IAM::ManagedPolicy', includeGuardrails: true }).filter((r) => r.path.startsWith('AwswoGuardrails/')).map((r) => r.logicalId),
    );
  }

  /** The logical id of a drill construct, from the baseline; the student's template must still have it, with the same type. */
  logicalId(constructId: string, types?: readonly string[]): string {
    const found = findResource(this.baseline, constructId);
    if (!found || (types && !types.includes(found.resource.Type))) {
      throw new DrillConfigError(`the drill names ${constructId}${types ? ` (${types.join(' or ')})` : ''}, which its baseline does not have`);
    }
    const now = this.template.Resources?.[found.logicalId];
    if (!now || now.Type !== found.resource.Type) throw new MissingResource(`${constructId} is missing from the template: fix it, don't delete it`);
    return found.logicalId;
  }

  /** A Fn::Sub-style string of the drill, normalized like the template's values. */
  sub(text: string): string {
    return this.values.sub(text, {});
  }
}

/**
 * A resource a check names: a Fn::Sub-style string (`arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*`)
 * or a lab construct's ARN (`arn('ReportsBucket/Bucket', '/*')`). Several values: any of them
 * satisfies a need; each of them is allowed in an envelope.
 */
export type ResourceRef = string | ((e: IamEvidence) => string | readonly string[]);

const resolve = (e: IamEvidence, r: ResourceRef): readonly string[] => {
  const v = typeof r === 'string' ? e.sub(r) : r(e);
  return typeof v === 'string' ? [v] : v;
};

/** `arn('ReportsBucket/Bucket', '/*')`: the ARN of a lab construct's resource, plus a suffix. */
export function arn(constructId: string, suffix = '', attribute = 'Arn'): ResourceRef {
  return (e) => `${e.values.text({ 'Fn::GetAtt': [e.logicalId(constructId), attribute] })}${suffix}`;
}

/** `ref('ConfigParameter')`: what `{Ref: X}` is for a lab construct (a name, or an ARN for some types). */
export function ref(constructId: string, prefix = '', suffix = ''): ResourceRef {
  return (e) => `${prefix}${e.values.text({ Ref: e.logicalId(constructId) })}${suffix}`;
}

/** An SSM parameter's ARN. Every spelling of it (GetAtt, formatArn, Ref with or without the slash) normalizes to this one. */
export function parameterArn(constructId: string): ResourceRef {
  return arn(constructId);
}

/** Runs a check body; a missing resource fails, a drill config error or an unexpected error is an error. */
function guarded(body: () => Verdict): Verdict {
  try {
    return body();
  } catch (err) {
    if (err instanceof MissingResource) return fail(err.message);
    if (err instanceof DrillConfigError) return error(err.message);
    throw err;
  }
}

const PRINCIPAL_TYPES = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'];

/** An identity the check judges against the drill principal's rules, and why. */
interface Judged {
  readonly principal: Principal;
  /** The drill principal; an identity a workload of it now runs as; a new principal like it. */
  readonly as: 'subject' | 'workload' | 'new';
  /** Empty for the drill principal itself; else how it stands in for it. */
  readonly why: string;
}

/**
 * The drill principal, and whatever now stands in for it: the identities its baseline workloads
 * run as now, new roles that trust what it trusted, new users (when it is a user).
 */
function judgedFor(e: IamEvidence, key: string): Judged[] {
  const subject = e.model.principal(key)!;
  const out: Judged[] = [{ principal: subject, as: 'subject', why: '' }];
  const seen = new Set([key]);
  for (const w of e.baselineModel.workloadsOf(key)) {
    for (const r of e.model.runsAs(w.logicalId)) {
      if (seen.has(r.principal)) continue;
      const p = e.model.principal(r.principal) ?? outsideRole(r.principal);
      seen.add(r.principal);
      out.push({ principal: p, as: 'workload', why: `${w.label} now runs as ${p.label} (${r.via})` });
    }
  }
  const baseTrust = new Set(e.baselineModel.principal(key)?.trust ?? []);
  for (const p of newPrincipals(e)) {
    if (seen.has(p.key)) continue;
    if (subject.kind === 'role' && p.kind === 'role' && p.trust.some((t) => baseTrust.has(t))) {
      seen.add(p.key);
      out.push({ principal: p, as: 'new', why: `${p.label} is a new role that trusts ${p.trust.filter((t) => baseTrust.has(t)).map(display).join(', ')} like ${subject.label}` });
    } else if (subject.kind === 'user' && p.kind === 'user') {
      seen.add(p.key);
      out.push({ principal: p, as: 'new', why: `${p.label} is a new user` });
    }
  }
  return out;
}

/** A role a workload runs as that the template does not define: nothing about it can be judged. */
function outsideRole(arnText: string): Principal {
  return {
    key: arnText, kind: 'external', arn: arnText, label: `the role ${display(arnText)}, which the template does not define`, identity: [], ownSources: [],
    groups: [], unknownPolicies: [`whatever policies ${display(arnText)} has outside the template`], trust: [], tags: {},
  };
}

/** Roles, users and principals outside the template that the baseline does not have. */
function newPrincipals(e: IamEvidence): Principal[] {
  return e.model.principals().filter((p) => (p.kind === 'role' || p.kind === 'user' || p.kind === 'external') && !e.baselineModel.principal(p.key));
}

function principalKey(e: IamEvidence, principalId: string): string {
  return e.logicalId(principalId, PRINCIPAL_TYPES);
}

const shown = (xs: readonly string[], n = 3) => `${xs.slice(0, n).join('; ')}${xs.length > n ? ` and ${xs.length - n} more` : ''}`;

export interface Need {
  readonly action: string;
  readonly resource: ResourceRef;
  /** Condition keys of the request (`aws:ResourceTag/team: 'web'`), beyond what the template tells. */
  readonly context?: Readonly<Record<string, string | readonly string[] | null>>;
}

function contextOf(need: Need): RequestContext {
  const ctx = new Map<string, readonly string[] | null>();
  for (const [k, v] of Object.entries(need.context ?? {})) ctx.set(k.toLowerCase(), v === null ? null : typeof v === 'string' ? [v] : v);
  return ctx;
}

/**
 * The principal can still do everything the workload needs, and so can every identity its
 * workloads now run as. Judged with every boundary, the guardrail's included: it must work.
 */
export function iamCanDo(id: string, principalId: string, needs: readonly Need[]): StaticCheck {
  return {
    id,
    run: (evidence) =>
      guarded(() => {
        const e = new IamEvidence(evidence);
        const key = principalKey(e, principalId);
        const identities = judgedFor(e, key).filter((j) => j.as !== 'new');
        const missing: string[] = [];
        const unknown: string[] = [];
        const outside: string[] = [];
        for (const j of identities) {
          if (!e.model.principal(j.principal.key)) {
            outside.push(`${j.why}: what it may do cannot be judged from the template`);
            continue;
          }
          for (const n of needs) {
            const forms = resolve(e, n.resource);
            const decisions = forms.map((r) => e.model.canDo(j.principal.key, n.action, r, contextOf(n)));
            if (decisions.some((d) => d.result === true)) continue;
            const last = forms[forms.length - 1];
            const d = decisions.find((x) => x.result === 'unknown');
            const subject = j.why ? `${j.why} cannot` : `${principalId} cannot`;
            if (d) unknown.push(`whether ${j.why ? j.principal.label : principalId} may ${n.action} on ${display(last)}: ${d.reason ?? 'a condition cannot be judged'}`);
            else {
              const why = decisions.find((x) => x.reason)?.reason;
              const branch = decisions.find((x) => x.branch)?.branch;
              missing.push(`${subject} ${n.action} on ${display(last)}${why ? ` (${why})` : ''}${branch ? ` when ${branch}` : ''}`);
            }
          }
        }
        if (outside.length) return fail(`${shown(outside)}; make it run as ${principalId} again`);
        if (missing.length) return fail(`${shown(missing, 4)}, which the workload needs`);
        if (unknown.length) return error(`cannot judge ${shown(unknown, 2)}`);
        return pass(`${principalId} can do all ${needs.length} things the workload needs`);
      }),
  };
}

export interface Allowed {
  readonly actions: readonly string[];
  readonly resource: ResourceRef;
  /** A condition every grant of these actions must imply, e.g. `{ Null: { 'aws:ResourceTag/team': 'false' } }`. */
  readonly when?: Record<string, unknown>;
}

/** The drill's allowed (action, resource) pairs as envelope entries; a function's ARN also allows its versions and aliases (`:*`). */
function envelopeOf(e: IamEvidence, allowed: readonly Allowed[]): EnvelopeEntry[] {
  const functions = new Set(resources(e.template, { type: 'AWS::Lambda::Function', includeGuardrails: true }).map((r) => e.values.arnOf(r.logicalId)));
  return allowed.map((a) => {
    const rs = resolve(e, a.resource).flatMap((r) => (functions.has(r) ? [r, `${r}:*`] : [r]));
    const condition: Condition | undefined = a.when ? parseCondition(a.when, (v) => e.values.text(v)) : undefined;
    return { actions: a.actions, resources: rs, condition };
  });
}

interface Excess {
  readonly beyond: string[];
  readonly unknown: string[];
}

/** Grants of `key` outside `envelope`, judged without the guardrail boundary. */
function excess(e: IamEvidence, model: IamModel, key: string, envelope: readonly EnvelopeEntry[]): Excess {
  const beyond: string[] = [];
  const unknown: string[] = [];
  const base = model.baseContext(key);
  for (const g of model.grantsOf(key, { ignoreBoundaries: e.guardrailBoundaries })) {
    const c = coveredBy(g, envelope, base);
    if (c.covered === true) continue;
    if (c.covered === 'unknown') unknown.push(`${describeGrant(g)}: ${c.why}`);
    else beyond.push(`${describeGrant(g)}${c.why ? `: ${c.why}` : ''}`);
  }
  const p = model.principal(key);
  for (const u of p?.unknownPolicies ?? []) beyond.push(`the managed policy ${u}, which neither the template nor the AWS managed policy catalogue defines, so what it grants cannot be judged`);
  return { beyond, unknown };
}

/** Envelope of what a principal held in the baseline: it may keep that, or less. */
function baselineEnvelope(e: IamEvidence, key: string): EnvelopeEntry[] {
  return e.baselineModel.grantsOf(key, { ignoreBoundaries: e.guardrailBoundaries }).map((g: Grant) => ({ actions: [g.action], resources: [g.resource], condition: g.condition }));
}

/** Admin-equivalent or wildcard grants of a principal, as sentences. */
function broadGrants(e: IamEvidence, key: string): string[] {
  const out: string[] = [];
  for (const g of e.model.grantsOf(key, { ignoreBoundaries: e.guardrailBoundaries })) {
    if (isAdminGrant(g, e.model.iamArnPrefix)) out.push(g.awsManaged ? `the AWS managed policy ${g.awsManaged}` : `an admin-equivalent grant: ${describeGrant(g)}`);
    else if (isWildcardGrant(g)) out.push(`the wildcard grant ${describeGrant(g)}`);
  }
  return [...new Set(out)];
}

/** Every principal other than `judged`: baseline ones keep at most what they had, new ones hold nothing broad. */
function othersProblems(e: IamEvidence, judged: readonly Judged[]): Excess {
  const skip = new Set(judged.map((j) => j.principal.key));
  const beyond: string[] = [];
  const unknown: string[] = [];
  for (const p of e.model.principals()) {
    if (skip.has(p.key) || p.kind === 'group') continue;
    if (e.baselineModel.principal(p.key)) {
      const x = excess(e, e.model, p.key, baselineEnvelope(e, p.key));
      beyond.push(...x.beyond.map((b) => `${p.label} now holds more than in the pristine lab: ${b}`));
      unknown.push(...x.unknown.map((b) => `${p.label}: ${b}`));
    } else {
      beyond.push(...broadGrants(e, p.key).map((b) => `the new ${p.kind === 'external' ? 'principal' : p.kind} ${p.label} holds ${b}`));
    }
  }
  return { beyond, unknown };
}

/**
 * Least privilege, on the whole lab: every grant of the principal (and of whatever stands in for
 * it) is within the allowed (action, resource) pairs, narrower grants included (`reports/*`
 * within `/*`), wider ones never (`s3:*`, `*`, NotAction, a condition that widens); no other
 * principal gains anything, and no new principal holds a wildcard or admin grant.
 */
export function iamOnly(id: string, principalId: string, allowed: readonly Allowed[]): StaticCheck {
  return {
    id,
    run: (evidence) =>
      guarded(() => {
        const e = new IamEvidence(evidence);
        const key = principalKey(e, principalId);
        const envelope = envelopeOf(e, allowed);
        const judged = judgedFor(e, key);
        const problems: string[] = [];
        const unknown: string[] = [];
        for (const j of judged) {
          const x = excess(e, e.model, j.principal.key, envelope);
          if (x.beyond.length) problems.push(`${j.why ? `${j.why}, and it is granted more than ${principalId} needs` : `${principalId} is granted more than it needs`}: ${shown(x.beyond)}`);
          unknown.push(...x.unknown.map((u) => `${j.principal.label}: ${u}`));
        }
        const others = othersProblems(e, judged);
        if (others.beyond.length) problems.push(`besides ${principalId}: ${shown(others.beyond, 2)}`);
        unknown.push(...others.unknown);
        if (problems.length) return fail(problems.join('; '));
        if (unknown.length) return error(`cannot judge whether ${principalId} holds more than it needs: ${shown(unknown, 2)}`);
        return pass(`every grant of ${principalId} is one it needs${judged.length > 1 ? `, and so are those of ${judged.slice(1).map((j) => j.principal.label).join(', ')}` : ''}; no other principal gained anything`);
      }),
  };
}

/** No `*` / `service:*` / NotAction grant and nothing admin-equivalent (AdministratorAccess, PowerUserAccess, iam:* on *) on the principal or what stands in for it, nor on any new principal. */
export function iamNoWildcardsOrAdmin(id: string, principalId: string): StaticCheck {
  return {
    id,
    run: (evidence) =>
      guarded(() => {
        const e = new IamEvidence(evidence);
        const key = principalKey(e, principalId);
        const judged = judgedFor(e, key);
        const problems: string[] = [];
        for (const j of judged) {
          const broad = broadGrants(e, j.principal.key);
          if (broad.length) problems.push(`${j.why ? `${j.why}, and it` : principalId} still has ${shown(broad, 2)}`);
        }
        const skip = new Set(judged.map((j) => j.principal.key));
        for (const p of newPrincipals(e)) {
          if (skip.has(p.key)) continue;
          const broad = broadGrants(e, p.key);
          if (broad.length) problems.push(`besides ${principalId}, the new ${p.kind === 'external' ? 'principal' : p.kind} ${p.label} has ${shown(broad, 2)}`);
        }
        if (problems.length) return fail(problems.join('; '));
        return pass(`${principalId} has no wildcard action and no admin policy`);
      }),
  };
}

/** A user gets its permissions only through groups: no policy of its own, attached, managed or in a resource policy naming it. */
export function iamNoUserPolicies(id: string, userId: string): StaticCheck {
  return {
    id,
    run: (evidence) =>
      guarded(() => {
        const e = new IamEvidence(evidence);
        const key = e.logicalId(userId, ['AWS::IAM::User']);
        const users = judgedFor(e, key).filter((j) => j.principal.kind === 'user');
        const problems: string[] = [];
        for (const j of users) {
          const name = j.why ? j.principal.label : userId;
          const p = j.principal;
          const own = [...p.ownSources, ...p.unknownPolicies.filter((u) => !u.includes('(through group')).map((u) => `managed policy ${u}`)];
          const direct = e.model.main.resourceStatementsFor(p).filter((s) => s.direct && s.statement.effect === 'Allow' && s.named).map((s) => s.statement.source);
          if (own.length) problems.push(`${name}${j.why ? ` (${j.why})` : ''} still has a policy of its own: ${own.join(', ')}`);
          if (direct.length) problems.push(`${name} is granted directly by ${[...new Set(direct)].join(', ')}`);
        }
        if (problems.length) return fail(`${problems.join('; ')}; grant it through a group`);
        return pass(`${userId} gets its permissions only through groups`);
      }),
  };
}

/**
 * Every grant of `actions` to the principal (and what stands in for it) holds only under `when`
 * (IAM condition syntax): a grant without the condition, or with one that also admits requests
 * `when` refuses (`Null` on the tag, a negated or IfExists operator), fails.
 */
export function iamOnlyWhen(id: string, principalId: string, actions: readonly string[], when: Record<string, unknown>, what: string): StaticCheck {
  return {
    id,
    run: (evidence) =>
      guarded(() => {
        const e = new IamEvidence(evidence);
        const key = principalKey(e, principalId);
        const condition = parseCondition(when, (v) => e.values.text(v));
        const problems: string[] = [];
        const unknown: string[] = [];
        for (const j of judgedFor(e, key)) {
          const base = e.model.baseContext(j.principal.key);
          for (const g of e.model.grantsOf(j.principal.key, { ignoreBoundaries: e.guardrailBoundaries })) {
            const hit = actions.find((a) => grantHasAction(g, a) || overlaps(g.action, a, true));
            if (!hit) continue;
            const r = implies(g.condition, condition, base);
            const name = j.why ? j.principal.label : principalId;
            if (r.result === false) problems.push(`${name} may ${hit} beyond ${what}: ${describeGrant(g)}${r.witness ? ` also applies when ${r.witness}` : ''}`);
            else if (r.result === 'unknown') unknown.push(`${name}: ${describeGrant(g)}: ${r.reason}`);
          }
        }
        if (problems.length) return fail(shown(problems, 2));
        if (unknown.length) return error(`cannot judge whether ${principalId} may ${actions.join('/')} beyond ${what}: ${shown(unknown, 2)}`);
        return pass(`${principalId} may ${actions.join(' and ')} only on ${what}`);
      }),
  };
}
