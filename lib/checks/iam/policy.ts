import { asList, refTarget, render, resources } from '../../template/read';
import { FoundResource, TemplateJson } from '../../model/template';

/** One (action, resource) pair an identity policy allows, and where it came from. */
export interface Grant {
  readonly action: string;
  readonly resource: string;
  readonly conditions?: Record<string, unknown>;
  /** `inline policy X`, `AWS::IAM::Policy Y`, `managed policy Z`, `group G`. */
  readonly source: string;
}

export interface PrincipalPolicies {
  readonly logicalId: string;
  readonly type: 'AWS::IAM::Role' | 'AWS::IAM::User' | 'AWS::IAM::Group';
  readonly grants: readonly Grant[];
  /** AWS managed policy names attached, e.g. `AdministratorAccess`. */
  readonly awsManagedPolicies: readonly string[];
  /** Inline policies defined on the principal itself (Policies property). */
  readonly inlinePolicyNames: readonly string[];
  /** Statements using NotAction or NotResource, which grant more than they name. */
  readonly negatedStatements: readonly string[];
}

/** AWS managed policies that amount to full or near-full control of an account. */
export const ADMIN_MANAGED_POLICIES = ['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess'];

interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: Record<string, unknown>;
}

function statementsOf(document: any): Statement[] {
  return asList(document?.Statement) as Statement[];
}

function grantsFrom(document: any, source: string, negated: string[]): Grant[] {
  const grants: Grant[] = [];
  for (const s of statementsOf(document)) {
    if (s.Effect !== 'Allow') continue;
    if (s.NotAction !== undefined || s.NotResource !== undefined) negated.push(source);
    const actions = asList(s.Action ?? s.NotAction).map(String);
    const res = asList(s.Resource ?? s.NotResource).map(render);
    for (const action of actions) {
      for (const resource of res) grants.push({ action, resource, conditions: s.Condition, source });
    }
  }
  return grants;
}

/** The AWS managed policy name of an ARN such as `arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess`. */
function awsManagedName(arn: unknown): string | undefined {
  const text = render(arn);
  const m = /:iam::aws:policy\/(.+)$/.exec(text);
  return m ? m[1].split('/').pop() : undefined;
}

const ADMIN_GRANT = (name: string): Grant => ({ action: '*', resource: '*', source: `AWS managed policy ${name}` });

/** Collects everything that grants permissions to one role, user or group of the template. */
export function policiesOf(template: TemplateJson, principal: FoundResource): PrincipalPolicies {
  const { logicalId } = principal;
  const props = principal.resource.Properties ?? {};
  const grants: Grant[] = [];
  const negated: string[] = [];
  const awsManaged: string[] = [];
  const all = resources(template, { includeGuardrails: true });
  const byId = new Map(all.map((r) => [r.logicalId, r]));

  const addManaged = (arn: unknown, via: string) => {
    const name = awsManagedName(arn);
    if (name) {
      awsManaged.push(name);
      if (ADMIN_MANAGED_POLICIES.includes(name)) grants.push(ADMIN_GRANT(name));
      return;
    }
    const target = refTarget(arn);
    const managed = target ? byId.get(target) : undefined;
    if (managed?.resource.Type === 'AWS::IAM::ManagedPolicy') {
      grants.push(...grantsFrom(managed.resource.Properties?.PolicyDocument, `managed policy ${managed.logicalId}${via}`, negated));
    }
  };

  const inlineNames: string[] = [];
  for (const p of asList(props.Policies) as any[]) {
    inlineNames.push(String(p.PolicyName));
    grants.push(...grantsFrom(p.PolicyDocument, `inline policy ${p.PolicyName}`, negated));
  }
  for (const arn of asList(props.ManagedPolicyArns)) addManaged(arn, '');

  const listKey = principal.resource.Type === 'AWS::IAM::Role' ? 'Roles' : principal.resource.Type === 'AWS::IAM::User' ? 'Users' : 'Groups';
  for (const r of all) {
    const attached = asList(r.resource.Properties?.[listKey]).some((x) => refTarget(x) === logicalId);
    if (!attached) continue;
    if (r.resource.Type === 'AWS::IAM::Policy') {
      grants.push(...grantsFrom(r.resource.Properties?.PolicyDocument, `AWS::IAM::Policy ${r.logicalId}`, negated));
    } else if (r.resource.Type === 'AWS::IAM::ManagedPolicy') {
      grants.push(...grantsFrom(r.resource.Properties?.PolicyDocument, `managed policy ${r.logicalId}`, negated));
    }
  }

  // A user also holds what its groups grant.
  if (principal.resource.Type === 'AWS::IAM::User') {
    const groups = new Set(asList(props.Groups).map(refTarget).filter((g): g is string => !!g));
    for (const r of all) {
      if (r.resource.Type === 'AWS::IAM::UserToGroupAddition' && asList(r.resource.Properties?.Users).some((u) => refTarget(u) === logicalId)) {
        const g = refTarget(r.resource.Properties?.GroupName);
        if (g) groups.add(g);
      }
    }
    for (const g of groups) {
      const group = byId.get(g);
      if (!group) continue;
      const gp = policiesOf(template, group);
      grants.push(...gp.grants.map((x) => ({ ...x, source: `group ${g}: ${x.source}` })));
      awsManaged.push(...gp.awsManagedPolicies);
      negated.push(...gp.negatedStatements);
    }
  }

  return {
    logicalId,
    type: principal.resource.Type as PrincipalPolicies['type'],
    grants,
    awsManagedPolicies: awsManaged,
    inlinePolicyNames: inlineNames,
    negatedStatements: negated,
  };
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

/** IAM wildcard matching: does `pattern` (with * and ?) match `value`? */
export function iamMatch(pattern: string, value: string): boolean {
  return globToRegExp(pattern).test(value);
}

/** Does some grant allow `action` on `resource`? Conditions are not evaluated (they only narrow). */
export function allows(p: PrincipalPolicies, action: string, resource: string): boolean {
  return p.grants.some((g) => iamMatch(g.action, action) && iamMatch(g.resource, resource));
}

/** A grant whose action is `*` or `service:*`. */
export function isWildcardAction(action: string): boolean {
  return action === '*' || /^[a-z0-9-]+:\*$/i.test(action);
}

/** A permission the drill accepts: action and resource patterns, compared literally against grants. */
export interface AllowedGrant {
  readonly actions: readonly string[];
  readonly resource: string;
}

/**
 * Grants not covered by `allowed`: a grant is covered when an allowed action pattern matches its
 * action and the allowed resource pattern matches its resource, so `s3:*` is never covered by
 * `s3:GetObject` and `*` never by a bucket ARN.
 */
export function grantsBeyond(p: PrincipalPolicies, allowed: readonly AllowedGrant[]): Grant[] {
  return p.grants.filter((g) => !allowed.some((a) => a.actions.some((x) => iamMatch(x, g.action)) && iamMatch(a.resource, g.resource)));
}

export function describeGrant(g: Grant): string {
  return `${g.action} on ${g.resource} (${g.source})`;
}
