// Where an AWS-compatible endpoint has no IAM policy simulator (moto_server answers
// SimulatePrincipalPolicy with a bare HTTP 500 page; others say NotImplemented), the grader reads
// the principal's deployed policy documents itself (inline, attached managed, and for a user its
// groups') and evaluates them: an explicit Deny wins, otherwise an Allow grants. Like the
// simulation awswo asks for, it judges the principal's own policies: the guardrail boundary,
// resource policies and SCPs are left out. A statement with a Condition (or a ${policy variable})
// may or may not apply at run time, so it never proves a grant and never proves a denial.
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { iamMatch } from './pattern';
import { notImplementedByEndpoint } from '../../live/errors';
import type { LiveContext, LiveEvidence } from '../../model/live-check';

/** What the grader may call to read a role's or a user's deployed policies when the simulator is missing. */
export const DEPLOYED_POLICY_CALLS = {
  role: ['iam:ListRolePolicies', 'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:GetPolicy', 'iam:GetPolicyVersion'],
  user: [
    'iam:ListUserPolicies', 'iam:GetUserPolicy', 'iam:ListAttachedUserPolicies',
    'iam:ListGroupsForUser', 'iam:ListGroupPolicies', 'iam:GetGroupPolicy', 'iam:ListAttachedGroupPolicies',
    'iam:GetPolicy', 'iam:GetPolicyVersion',
  ],
} as const;

/**
 * `allowed`/`explicitDeny`/`implicitDeny` mean what the simulator means by them; `conditional`:
 * only statements with conditions decide, so neither a grant nor a denial is proven.
 */
export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny' | 'conditional';

/**
 * True when SimulatePrincipalPolicy failed because the endpoint does not implement it (never an IAM
 * failure such as ServiceFailure, throttling or access denied).
 */
export const simulatorUnavailable = (err: unknown): boolean => notImplementedByEndpoint(err);

interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, unknown>;
}

/** One deployed policy document and where it came from (`inline policy X`, `managed policy arn`, `group G: ...`). */
export interface DeployedPolicy {
  readonly source: string;
  readonly statements: readonly Statement[];
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** IAM returns policy documents URL-encoded (RFC 3986); some endpoints return them as plain JSON. */
export function parsePolicyDocument(text: string | undefined): Statement[] {
  if (!text) return [];
  let doc: { Statement?: Statement | Statement[] };
  try {
    doc = JSON.parse(text);
  } catch {
    doc = JSON.parse(decodeURIComponent(text));
  }
  return list(doc.Statement);
}

const matchesAny = (patterns: string[], value: string) => patterns.some((p) => iamMatch(p, value));

/** Does the statement cover the action on the resource, and is that certain (no condition, no policy variable)? */
function covers(s: Statement, action: string, resource: string): 'yes' | 'maybe' | 'no' {
  const actionHit = s.NotAction !== undefined ? !matchesAny(list(s.NotAction), action) : matchesAny(list(s.Action), action);
  if (!actionHit) return 'no';
  const resources = list(s.NotResource ?? s.Resource);
  const variable = resources.some((r) => r.includes('${'));
  const resourceHit = s.NotResource !== undefined ? !matchesAny(resources, resource) : matchesAny(resources, resource);
  if (!resourceHit && !variable) return 'no';
  if (variable || (s.Condition && Object.keys(s.Condition).length > 0)) return 'maybe';
  return 'yes';
}

/** The decision of the principal's own policies for one action on one resource. */
export function evaluatePolicies(policies: readonly DeployedPolicy[], action: string, resource: string): { decision: Decision; matched: string[] } {
  const hits = { deny: [] as string[], maybeDeny: [] as string[], allow: [] as string[], maybeAllow: [] as string[] };
  for (const p of policies) {
    for (const s of p.statements) {
      const c = covers(s, action, resource);
      if (c === 'no') continue;
      const deny = s.Effect === 'Deny';
      (deny ? (c === 'yes' ? hits.deny : hits.maybeDeny) : c === 'yes' ? hits.allow : hits.maybeAllow).push(p.source);
    }
  }
  if (hits.deny.length) return { decision: 'explicitDeny', matched: hits.deny };
  if (hits.allow.length && !hits.maybeDeny.length) return { decision: 'allowed', matched: hits.allow };
  if (hits.allow.length || hits.maybeAllow.length) return { decision: 'conditional', matched: [...hits.allow, ...hits.maybeAllow, ...hits.maybeDeny] };
  return { decision: 'implicitDeny', matched: [] };
}

type Page<T> = { items: T[]; next?: string };
async function all<T>(page: (marker: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  do {
    const p = await page(marker);
    out.push(...p.items);
    marker = p.next;
  } while (marker);
  return out;
}

/** How the policy documents are read: the session's IAM client, and where the evidence goes. */
interface Reader {
  readonly iam: IAMClient;
  readonly record: (e: LiveEvidence) => void;
}

/** A customer or AWS managed policy's default version. */
async function managedPolicy(r: Reader, arn: string, via: string): Promise<DeployedPolicy> {
  const version = (await r.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId;
  const doc = (await r.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version }))).PolicyVersion?.Document;
  const statements = parsePolicyDocument(doc);
  r.record({ call: 'iam:GetPolicyVersion', request: { PolicyArn: arn, VersionId: version }, observed: { Statement: statements } });
  return { source: `${via}managed policy ${arn}`, statements };
}

/** The inline and attached policies of a role, user or group. */
async function policiesOf(r: Reader, kind: 'role' | 'user' | 'group', name: string, via = ''): Promise<DeployedPolicy[]> {
  const { iam } = r;
  const out: DeployedPolicy[] = [];
  const inline = await all(async (Marker) => {
    const p = kind === 'role' ? await iam.send(new ListRolePoliciesCommand({ RoleName: name, Marker }))
      : kind === 'user' ? await iam.send(new ListUserPoliciesCommand({ UserName: name, Marker }))
        : await iam.send(new ListGroupPoliciesCommand({ GroupName: name, Marker }));
    return { items: p.PolicyNames ?? [], next: p.IsTruncated ? p.Marker : undefined };
  });
  for (const PolicyName of inline) {
    const doc = kind === 'role' ? (await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName }))).PolicyDocument
      : kind === 'user' ? (await iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName }))).PolicyDocument
        : (await iam.send(new GetGroupPolicyCommand({ GroupName: name, PolicyName }))).PolicyDocument;
    const statements = parsePolicyDocument(doc);
    const call = kind === 'role' ? 'iam:GetRolePolicy' : kind === 'user' ? 'iam:GetUserPolicy' : 'iam:GetGroupPolicy';
    r.record({ call, request: { [kind === 'role' ? 'RoleName' : kind === 'user' ? 'UserName' : 'GroupName']: name, PolicyName }, observed: { Statement: statements } });
    out.push({ source: `${via}inline policy ${PolicyName}`, statements });
  }
  const attached = await all(async (Marker) => {
    const p = kind === 'role' ? await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name, Marker }))
      : kind === 'user' ? await iam.send(new ListAttachedUserPoliciesCommand({ UserName: name, Marker }))
        : await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: name, Marker }));
    return { items: (p.AttachedPolicies ?? []).map((a) => a.PolicyArn!).filter(Boolean), next: p.IsTruncated ? p.Marker : undefined };
  });
  for (const arn of attached) out.push(await managedPolicy(r, arn, via));
  if (kind === 'user') {
    const groups = await all(async (Marker) => {
      const p = await iam.send(new ListGroupsForUserCommand({ UserName: name, Marker }));
      return { items: (p.Groups ?? []).map((g) => g.GroupName!).filter(Boolean), next: p.IsTruncated ? p.Marker : undefined };
    });
    for (const g of groups) out.push(...(await policiesOf(r, 'group', g, `group ${g}: `)));
  }
  return out;
}

/** Read once per principal and live session (they do not change during a grade); each check still records them. */
const read = new WeakMap<object, Map<string, Promise<{ policies: DeployedPolicy[]; evidence: LiveEvidence[] }>>>();

/** Every policy document the deployed role or user holds, recorded as evidence. */
export async function deployedPolicies(ctx: LiveContext, type: 'AWS::IAM::Role' | 'AWS::IAM::User', name: string): Promise<DeployedPolicy[]> {
  const iam = ctx.client(IAMClient);
  let byPrincipal = read.get(iam);
  if (!byPrincipal) read.set(iam, (byPrincipal = new Map()));
  const key = `${type} ${name}`;
  if (!byPrincipal.has(key)) {
    const evidence: LiveEvidence[] = [];
    byPrincipal.set(key, policiesOf({ iam, record: (e) => evidence.push(e) }, type === 'AWS::IAM::Role' ? 'role' : 'user', name).then((policies) => ({ policies, evidence })));
  }
  const { policies, evidence } = await byPrincipal.get(key)!;
  for (const e of evidence) ctx.record(e);
  return policies;
}
