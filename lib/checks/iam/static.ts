import { fail, pass, Verdict } from '../../model/verdict';
import { StaticCheck } from '../../model/drill';
import { findResource, resources } from '../../template/read';
import { TemplateJson } from '../../model/template';
import { ADMIN_MANAGED_POLICIES, allows, describeGrant, grantsBeyond, isWildcardAction, policiesOf, PrincipalPolicies } from './policy';

/**
 * A resource named by lab construct id, rendered the way grants render it: `${LogicalId.Arn}/*`.
 * A function may return several renderings of the same ARN (e.g. a literal ARN and one built
 * from `{Ref}`); any of them counts.
 */
export type ResourceRef = string | ((t: TemplateJson) => string | readonly string[]);

class MissingResource extends Error {}

/** `arn('ReportsBucket', '/*')`: the ARN of a lab construct's resource, plus a suffix. */
export function arn(constructId: string, suffix = '', attribute = 'Arn'): ResourceRef {
  return (t) => {
    const r = findResource(t, constructId);
    if (!r) throw new MissingResource(`${constructId} is missing from the template: fix it, don't delete it`);
    return `\${${r.logicalId}.${attribute}}${suffix}`;
  };
}

/** `ref('ConfigParameter')`: what `{Ref: X}` renders to for a lab construct. */
export function ref(constructId: string, prefix = '', suffix = ''): ResourceRef {
  return (t) => {
    const r = findResource(t, constructId);
    if (!r) throw new MissingResource(`${constructId} is missing from the template: fix it, don't delete it`);
    return `${prefix}\${${r.logicalId}}${suffix}`;
  };
}

const resolve = (t: TemplateJson, r: ResourceRef): readonly string[] => {
  const v = typeof r === 'string' ? r : r(t);
  return typeof v === 'string' ? [v] : v;
};

/** `parameterArn('ConfigParameter')`: an SSM parameter's ARN in both forms CDK renders it. */
export function parameterArn(constructId: string): ResourceRef {
  return (t) => {
    const r = findResource(t, constructId, 'AWS::SSM::Parameter');
    if (!r) throw new MissingResource(`${constructId} is missing from the template: fix it, don't delete it`);
    const base = 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter';
    const name = r.resource.Properties?.Name;
    const forms = [`${base}\${${r.logicalId}}`, `${base}/\${${r.logicalId}}`];
    if (typeof name === 'string') forms.push(`${base}${name.startsWith('/') ? '' : '/'}${name}`);
    return forms;
  };
}

/** Runs `body` on the principal's policies; a missing principal or resource fails the check. */
function withPrincipal(t: TemplateJson, principalId: string, body: (p: PrincipalPolicies) => Verdict): Verdict {
  const principal = resources(t).find((r) => r.path === `${principalId}/Resource` || r.path === principalId);
  if (!principal || !/^AWS::IAM::(Role|User|Group)$/.test(principal.resource.Type)) {
    return fail(`${principalId} is missing from the template: fix its permissions, don't delete it`);
  }
  try {
    return body(policiesOf(t, principal));
  } catch (err) {
    if (err instanceof MissingResource) return fail(err.message);
    throw err;
  }
}

export interface Need {
  readonly action: string;
  readonly resource: ResourceRef;
}

/** The principal can still do everything the workload needs. */
export function iamCanDo(id: string, principalId: string, needs: readonly Need[]): StaticCheck {
  return {
    id,
    run: ({ template }) =>
      withPrincipal(template, principalId, (p) => {
        const missing = needs
          .map((n) => ({ action: n.action, resources: resolve(template, n.resource) }))
          .filter((n) => !n.resources.some((r) => allows(p, n.action, r)));
        if (missing.length) return fail(`${principalId} cannot ${missing.map((m) => `${m.action} on ${m.resources[m.resources.length - 1]}`).join(', ')}, which the workload needs`);
        return pass(`${principalId} can do all ${needs.length} things the workload needs`);
      }),
  };
}

export interface Allowed {
  readonly actions: readonly string[];
  readonly resource: ResourceRef;
}

/** Every grant of the principal is one of the allowed (action, resource) pairs: nothing wider, nothing else. */
export function iamOnly(id: string, principalId: string, allowed: readonly Allowed[]): StaticCheck {
  return {
    id,
    run: ({ template }) =>
      withPrincipal(template, principalId, (p) => {
        const extra = grantsBeyond(p, allowed.flatMap((a) => resolve(template, a.resource).map((resource) => ({ actions: a.actions, resource }))));
        if (extra.length) {
          const shown = extra.slice(0, 3).map(describeGrant).join('; ');
          return fail(`${principalId} is granted more than it needs: ${shown}${extra.length > 3 ? ` and ${extra.length - 3} more` : ''}`);
        }
        if (p.awsManagedPolicies.length) return fail(`${principalId} has the AWS managed policy ${p.awsManagedPolicies.join(', ')}, which grants more than it needs`);
        if (p.negatedStatements.length) return fail(`${principalId} uses NotAction/NotResource in ${p.negatedStatements[0]}`);
        return pass(`every grant of ${principalId} is one it needs`);
      }),
  };
}

/** No `*` / `service:*` action and no AWS admin managed policy on the principal. */
export function iamNoWildcardsOrAdmin(id: string, principalId: string): StaticCheck {
  return {
    id,
    run: ({ template }) =>
      withPrincipal(template, principalId, (p) => {
        const admin = p.awsManagedPolicies.filter((n) => ADMIN_MANAGED_POLICIES.includes(n));
        if (admin.length) return fail(`${principalId} still has the AWS managed policy ${admin.join(', ')}`);
        const wild = p.grants.filter((g) => isWildcardAction(g.action));
        if (wild.length) return fail(`${principalId} still allows the wildcard action ${describeGrant(wild[0])}`);
        return pass(`${principalId} has no wildcard action and no admin policy`);
      }),
  };
}

/** No IAM user has a policy of its own (Policies property or an AWS::IAM::Policy naming it). */
export function iamNoUserPolicies(id: string, userId: string): StaticCheck {
  return {
    id,
    run: ({ template }) =>
      withPrincipal(template, userId, (p) => {
        if (p.inlinePolicyNames.length) return fail(`${userId} still has the inline policy ${p.inlinePolicyNames.join(', ')}`);
        const own = p.grants.filter((g) => g.source.startsWith('AWS::IAM::Policy') || g.source.startsWith('managed policy'));
        if (own.length) return fail(`${userId} still has a policy attached to the user itself (${own[0].source}); grant it through a group`);
        return pass(`${userId} gets its permissions only through groups`);
      }),
  };
}
