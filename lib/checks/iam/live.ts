import type { EvaluationResult } from '@aws-sdk/client-iam';
import { sdk } from '../../live/sdk';
import { error, fail, pass, Verdict } from '../../model/verdict';
import { isAdminManagedPolicyArn } from './model';
import { LiveResourceRef, resolveLiveRef } from '../../live/arns';
import type { DeployedResource, LiveCheck, LiveContext } from '../../model/live-check';
import { isVerdict, notDeployed } from '../../live/deployed';
import { DEPLOYED_POLICY_CALLS, deployedPolicies, evaluatePolicies, simulatorUnavailable } from './deployed-policies';

/** One action on one resource of the deployed lab. */
export interface LiveGrant {
  readonly action: string;
  readonly resource: LiveResourceRef;
}

/**
 * Replaces the lab's guardrail boundary in simulations: the boundary is a ceiling every lab gets,
 * not the student's fix, so the simulation judges what the principal's own policies grant.
 */
export const ALLOW_ALL_BOUNDARY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

const isNoSuchEntity = (err: unknown) => (err as { name?: string })?.name === 'NoSuchEntityException' || (err as { name?: string })?.name === 'NoSuchEntity';

// An ERROR, as for every resource the API no longer finds (lib/live/deployed.ts).
const deletedByHand = (id: string, r: DeployedResource) =>
  error(`${id} (${r.physicalId}) is in the stack but no longer exists in IAM: it was deleted outside CloudFormation; deploy the lab again`);

/** The ARN of a deployed role or user, through GetRole/GetUser (recorded), or a verdict when it is gone. */
async function principalArn(ctx: LiveContext, principalId: string): Promise<{ arn: string; resource: DeployedResource } | Verdict> {
  const r = ctx.resource(principalId);
  if (!r) return notDeployed(ctx, principalId);
  const { GetRoleCommand, GetUserCommand, IAMClient } = sdk.iam();
  const iam = ctx.client(IAMClient);
  try {
    if (r.type === 'AWS::IAM::Role') {
      const { Role } = await iam.send(new GetRoleCommand({ RoleName: r.physicalId }));
      ctx.record({ call: 'iam:GetRole', request: { RoleName: r.physicalId }, observed: { Arn: Role?.Arn, PermissionsBoundary: Role?.PermissionsBoundary?.PermissionsBoundaryArn } });
      return { arn: Role!.Arn!, resource: r };
    }
    if (r.type === 'AWS::IAM::User') {
      const { User } = await iam.send(new GetUserCommand({ UserName: r.physicalId }));
      ctx.record({ call: 'iam:GetUser', request: { UserName: r.physicalId }, observed: { Arn: User?.Arn, PermissionsBoundary: User?.PermissionsBoundary?.PermissionsBoundaryArn } });
      return { arn: User!.Arn!, resource: r };
    }
  } catch (err) {
    if (isNoSuchEntity(err)) return deletedByHand(principalId, r);
    throw err;
  }
  return fail(`${principalId} is a ${r.type}, not an IAM role or user`);
}


/** IAM clients (one per live session) whose endpoint turned out to have no policy simulator. */
const noSimulator = new WeakSet<object>();

/**
 * Simulates every (action, resource) pair for the principal with iam:SimulatePrincipalPolicy, one
 * call per resource (every page), the guardrail boundary replaced by {@link ALLOW_ALL_BOUNDARY}.
 * Where the endpoint has no simulator, evaluates the principal's deployed policy documents instead
 * (lib/live/checks/iam-deployed-policies.ts). Returns `action on resource` → EvalDecision, and
 * records each call.
 */
async function simulate(ctx: LiveContext, principal: { arn: string; resource: DeployedResource }, pairs: ReadonlyArray<{ action: string; arn: string }>): Promise<Map<string, string>> {
  const { IAMClient } = sdk.iam();
  const iam = ctx.client(IAMClient);
  if (!noSimulator.has(iam as object)) {
    try {
      return await simulateWithIam(ctx, principal.arn, pairs);
    } catch (err) {
      if (!simulatorUnavailable(err)) throw err;
      noSimulator.add(iam as object);
    }
  }
  return evaluateDeployed(ctx, principal, pairs);
}

async function simulateWithIam(ctx: LiveContext, arn: string, pairs: ReadonlyArray<{ action: string; arn: string }>): Promise<Map<string, string>> {
  const { IAMClient, SimulatePrincipalPolicyCommand } = sdk.iam();
  const iam = ctx.client(IAMClient);
  const byResource = new Map<string, string[]>();
  for (const p of pairs) byResource.set(p.arn, [...(byResource.get(p.arn) ?? []), p.action]);
  const decisions = new Map<string, string>();
  for (const [resource, actions] of byResource) {
    const results: EvaluationResult[] = [];
    let Marker: string | undefined;
    do {
      const page = await iam.send(new SimulatePrincipalPolicyCommand({
        PolicySourceArn: arn,
        ActionNames: actions,
        ResourceArns: [resource],
        PermissionsBoundaryPolicyInputList: [ALLOW_ALL_BOUNDARY],
        Marker,
      }));
      results.push(...(page.EvaluationResults ?? []));
      Marker = page.IsTruncated ? page.Marker : undefined;
    } while (Marker);
    for (const r of results) decisions.set(`${r.EvalActionName} on ${r.EvalResourceName ?? resource}`, r.EvalDecision ?? 'unknown');
    ctx.record({
      call: 'iam:SimulatePrincipalPolicy',
      request: { PolicySourceArn: arn, ActionNames: actions, ResourceArns: [resource], PermissionsBoundaryPolicyInputList: ['allow-all (judges the principal\'s own policies, not the guardrail boundary)'] },
      observed: {
        EvaluationResults: results.map((r) => ({
          EvalActionName: r.EvalActionName,
          EvalResourceName: r.EvalResourceName,
          EvalDecision: r.EvalDecision,
          MatchedStatements: (r.MatchedStatements ?? []).map((s) => s.SourcePolicyId).filter(Boolean),
        })),
      },
    });
  }
  return decisions;
}

/** The simulation's answer, from the principal's deployed policy documents (no simulator at this endpoint). */
async function evaluateDeployed(ctx: LiveContext, principal: { arn: string; resource: DeployedResource }, pairs: ReadonlyArray<{ action: string; arn: string }>): Promise<Map<string, string>> {
  const policies = await deployedPolicies(ctx, principal.resource.type as 'AWS::IAM::Role' | 'AWS::IAM::User', principal.resource.physicalId);
  const decisions = new Map<string, string>();
  const results = pairs.map((p) => {
    const { decision, matched } = evaluatePolicies(policies, p.action, p.arn);
    decisions.set(`${p.action} on ${p.arn}`, decision);
    return { EvalActionName: p.action, EvalResourceName: p.arn, EvalDecision: decision, MatchedStatements: matched };
  });
  ctx.record({
    call: 'iam:SimulatePrincipalPolicy',
    request: { PolicySourceArn: principal.arn, ActionNames: [...new Set(pairs.map((p) => p.action))], ResourceArns: [...new Set(pairs.map((p) => p.arn))] },
    observed: {
      simulator: `not available at this endpoint: awswo evaluated the ${policies.length} deployed policy document(s) above (explicit Deny wins; a statement with a condition proves nothing)`,
      EvaluationResults: results,
    },
  });
  return decisions;
}

/** Resolves the grants in the deployed stack; a verdict when a resource they name is not deployed. */
function resolveGrants(ctx: LiveContext, grants: readonly LiveGrant[]): Array<{ action: string; arn: string }> | Verdict {
  const out: Array<{ action: string; arn: string }> = [];
  for (const g of grants) {
    const r = resolveLiveRef(ctx, g.resource);
    if ('missing' in r) return fail(r.missing);
    out.push({ action: g.action, arn: r.arn });
  }
  return out;
}

/** The simulator, and what reading the deployed policies instead takes (endpoints without one). */
const simulateCalls = (type: 'role' | 'user') => ['iam:SimulatePrincipalPolicy', ...DEPLOYED_POLICY_CALLS[type]];
const principalCalls = (type: 'role' | 'user') => (type === 'role' ? ['iam:GetRole'] : ['iam:GetUser']);

/**
 * The deployed principal's own policies allow every grant the workload needs (simulated on the
 * deployed resources' ARNs).
 */
export function liveIamCanDo(id: string, principalId: string, principalType: 'role' | 'user', needs: readonly LiveGrant[]): LiveCheck {
  return {
    id,
    apiCalls: [...principalCalls(principalType), ...simulateCalls(principalType)],
    driftSubjects: [principalId],
    run: async (ctx) => {
      const principal = await principalArn(ctx, principalId);
      if (isVerdict(principal)) return principal;
      const pairs = resolveGrants(ctx, needs);
      if (isVerdict(pairs)) return pairs;
      const decisions = await simulate(ctx, principal, pairs);
      const missing = pairs.filter((p) => decisions.get(`${p.action} on ${p.arn}`) !== 'allowed');
      if (missing.length) return fail(`deployed ${principalId} cannot ${missing.map((m) => `${m.action} on ${m.arn}`).join(', ')}, which the workload needs`);
      return pass(`deployed ${principalId} can do all ${pairs.length} things the workload needs`);
    },
  };
}

/** The deployed principal's own policies deny every grant it must not have (simulated). */
export function liveIamCannotDo(id: string, principalId: string, principalType: 'role' | 'user', forbidden: readonly LiveGrant[]): LiveCheck {
  return {
    id,
    apiCalls: [...principalCalls(principalType), ...simulateCalls(principalType)],
    driftSubjects: [principalId],
    run: async (ctx) => {
      const principal = await principalArn(ctx, principalId);
      if (isVerdict(principal)) return principal;
      const pairs = resolveGrants(ctx, forbidden);
      if (isVerdict(pairs)) return pairs;
      const decisions = await simulate(ctx, principal, pairs);
      // Only a denial counts: an allow that hangs on a condition may apply.
      const allowed = pairs.filter((p) => !['implicitDeny', 'explicitDeny'].includes(decisions.get(`${p.action} on ${p.arn}`) ?? ''));
      if (allowed.length) return fail(`deployed ${principalId} can still ${allowed.map((m) => `${m.action} on ${m.arn}`).join(', ')}`);
      return pass(`deployed ${principalId} is denied all ${pairs.length} actions it must not have`);
    },
  };
}

/** No admin managed policy (AdministratorAccess, PowerUserAccess, IAMFullAccess) is attached to the deployed role. */
export function liveRoleNoAdminPolicy(id: string, roleId: string): LiveCheck {
  return {
    id,
    apiCalls: ['iam:ListAttachedRolePolicies'],
    driftSubjects: [roleId],
    run: async (ctx) => {
      const r = ctx.resource(roleId);
      if (!r) return notDeployed(ctx, roleId);
      const { IAMClient, ListAttachedRolePoliciesCommand } = sdk.iam();
      const iam = ctx.client(IAMClient);
      const attached: Array<{ PolicyName?: string; PolicyArn?: string }> = [];
      let Marker: string | undefined;
      try {
        do {
          const page = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: r.physicalId, Marker }));
          attached.push(...(page.AttachedPolicies ?? []));
          Marker = page.IsTruncated ? page.Marker : undefined;
        } while (Marker);
      } catch (err) {
        if (isNoSuchEntity(err)) return deletedByHand(roleId, r);
        throw err;
      }
      ctx.record({ call: 'iam:ListAttachedRolePolicies', request: { RoleName: r.physicalId }, observed: { AttachedPolicies: attached.map((p) => p.PolicyArn) } });
      const admin = attached.filter((p) => !!p.PolicyArn && isAdminManagedPolicyArn(p.PolicyArn));
      if (admin.length) return fail(`deployed ${roleId} still has ${admin.map((p) => p.PolicyName).join(', ')} attached`);
      return pass(`deployed ${roleId} has no admin managed policy (${attached.length} attached)`);
    },
  };
}

/** The deployed user holds no policy of its own (inline or attached) and belongs to a group. */
export function liveUserThroughGroup(id: string, userId: string): LiveCheck {
  return {
    id,
    apiCalls: ['iam:ListUserPolicies', 'iam:ListAttachedUserPolicies', 'iam:ListGroupsForUser'],
    driftSubjects: [userId],
    run: async (ctx) => {
      const r = ctx.resource(userId);
      if (!r) return notDeployed(ctx, userId);
      const { IAMClient, ListAttachedUserPoliciesCommand, ListGroupsForUserCommand, ListUserPoliciesCommand } = sdk.iam();
      const iam = ctx.client(IAMClient);
      const UserName = r.physicalId;
      const inline: string[] = [];
      const attached: string[] = [];
      const groups: string[] = [];
      try {
        let Marker: string | undefined;
        do {
          const page = await iam.send(new ListUserPoliciesCommand({ UserName, Marker }));
          inline.push(...(page.PolicyNames ?? []));
          Marker = page.IsTruncated ? page.Marker : undefined;
        } while (Marker);
        do {
          const page = await iam.send(new ListAttachedUserPoliciesCommand({ UserName, Marker }));
          attached.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? p.PolicyName ?? '?'));
          Marker = page.IsTruncated ? page.Marker : undefined;
        } while (Marker);
        do {
          const page = await iam.send(new ListGroupsForUserCommand({ UserName, Marker }));
          groups.push(...(page.Groups ?? []).map((g) => g.GroupName ?? '?'));
          Marker = page.IsTruncated ? page.Marker : undefined;
        } while (Marker);
      } catch (err) {
        if (isNoSuchEntity(err)) return deletedByHand(userId, r);
        throw err;
      }
      ctx.record({ call: 'iam:ListUserPolicies', request: { UserName }, observed: { PolicyNames: inline } });
      ctx.record({ call: 'iam:ListAttachedUserPolicies', request: { UserName }, observed: { AttachedPolicies: attached } });
      ctx.record({ call: 'iam:ListGroupsForUser', request: { UserName }, observed: { Groups: groups } });
      const own = [...inline.map((p) => `inline policy ${p}`), ...attached.map((p) => `attached policy ${p}`)];
      if (own.length) return fail(`deployed ${userId} still holds ${own.join(', ')}`);
      if (groups.length === 0) return fail(`deployed ${userId} has no policy of its own but is in no group: it cannot read the reports`);
      return pass(`deployed ${userId} holds no policy of its own and reads through ${groups.join(', ')}`);
    },
  };
}
