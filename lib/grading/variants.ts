// Grading over deployment variants: a template with conditions is graded once per distinct
// template CloudFormation would deploy, and an objective passes only if it passes in every one.
import type { ObjectiveResult } from '../model/result';
import type { ResourceChange, ScopeFinding, ScopeReport, SynthIdentity } from '../model/evidence';
import type { TemplateJson } from '../model/template';
import { ConditionsError, deploymentVariants, DeploymentVariant } from '../template/conditions';
import { GradeInputError } from './errors';

/**
 * The deployment variants of a synthesized lab. `environment` is the stack's: a literal region or
 * account pins it, unless it is the identity's (the lab read CDK_DEFAULT_REGION / CDK_DEFAULT_ACCOUNT,
 * so it deploys wherever the deploying profile points). Conditions the grader cannot evaluate, or
 * too many variants, are bad input (the drill's ERROR).
 */
export function variantsToGrade(template: TemplateJson, environment: { account: string; region: string }, identity: SynthIdentity, shownAs: string): DeploymentVariant[] {
  try {
    return deploymentVariants(template, {
      region: environment.region === identity.region ? undefined : environment.region,
      account: environment.account === identity.account ? undefined : environment.account,
    });
  } catch (err) {
    if (err instanceof ConditionsError) throw new GradeInputError(`cannot grade ${shownAs}: ${err.message}`);
    throw err;
  }
}

/** One objective's result in each variant, combined: the worst status wins, and says in which deployments. */
export function acrossVariants(results: ReadonlyArray<{ readonly label: string; readonly result: ObjectiveResult }>): ObjectiveResult {
  if (results.length === 1) return results[0].result;
  const worst = results.find((r) => r.result.status === 'error') ?? results.find((r) => r.result.status === 'fail');
  if (!worst) return results[0].result;
  return { ...worst.result, message: `${worst.label}: ${worst.result.message}` };
}

/** The scope reports of every variant as one: changes and findings once each, violations with the deployments they hold in. */
export function combinedScope(scopes: ReadonlyArray<{ readonly label: string; readonly scope: ScopeReport }>): ScopeReport {
  if (scopes.length === 1) return scopes[0].scope;
  const changes = new Map<string, ResourceChange>();
  const findings = new Map<string, ScopeFinding>();
  const violations = new Map<string, string[]>();
  for (const { label, scope } of scopes) {
    for (const c of scope.changes) changes.set(`${c.logicalId} ${c.kind}`, changes.get(`${c.logicalId} ${c.kind}`) ?? c);
    for (const f of scope.findings ?? []) findings.set(f.message, f);
    for (const v of scope.violations) violations.set(v, [...(violations.get(v) ?? []), label]);
  }
  return {
    changes: [...changes.values()],
    violations: [...violations].map(([v, labels]) => (labels.length === scopes.length ? v : `${labels.join('; ')}: ${v}`)),
    findings: [...findings.values()],
  };
}
