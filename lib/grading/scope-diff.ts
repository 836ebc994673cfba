// The diff alone, not the package's index: that also loads its console formatting (about 20 ms of
// the grader's CPU, while the sandbox synthesizes), which the scope diff never uses.
import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff/lib/diff-template';
import { useCachedResourceModels } from '../template/resource-models';
import type { ScopeRules } from '../model/drill';
import type { ChangeKind, ResourceChange, ScopeFinding, ScopeReport } from '../model/evidence';
import type { TemplateJson } from '../model/template';
import { constructPath } from '../template/read';
import { REMOVABLE_TYPES, STATEFUL_TYPES } from '../template/resource-types';
import { identityFindings } from '../template/identity';
import { GradingIdentities, sameIdentity } from './grading-identity';
import { boundariesInPlace, guardrailResources, guardrailsLeftAlone, guardrailsUnchanged, guardrailTagsInPlace, ingressWithinAllowedCidr } from './scope/guardrails';
import { actuatorsInScope } from './scope/actuators';
import { cdkCustomResourceProblem, isCdkHandlerId } from './scope/cdk-custom-resources';
import { newPrincipals } from './scope/principals';

const IGNORED_ATTRIBUTES = new Set(['Metadata']);

/** A rule entry names a construct id (`SpareIp`) or a path below one (`Vpc/edgeSubnet2/NATGateway`). */
function allowedBy(entries: readonly string[] | undefined, path: string): boolean {
  return (entries ?? []).some((e) => path === e || path.startsWith(`${e}/`));
}

export interface ScopeOptions {
  /** Who the baseline and the attempt were synthesized for (both the current grader's identity by default). */
  readonly identities?: GradingIdentities;
  /** The account the attempt's stack is pinned to, when it is a literal: guardrail ARNs spell it out. */
  readonly pinnedAccount?: string;
}

/**
 * Compares the student's template (one deployment variant of it) with the pristine lab's baseline:
 * the changes, and the violations that fail every objective: deletions and stateful replacements
 * the drill does not allow, guardrails removed or weakened, new custom resources and post-deploy
 * actuators the drill does not allow, fake stand-ins for CDK's own custom resources. Findings list
 * moved logical ids, decoys, resources taking over a baseline resource's wiring, new principals.
 */
export function scopeDiff(baseline: TemplateJson, template: TemplateJson, rules: ScopeRules = {}, opts: ScopeOptions = {}): ScopeReport {
  const identities = opts.identities ?? sameIdentity();
  useCachedResourceModels();
  const diff = fullDiff(baseline as any, template as any);
  const changes: ResourceChange[] = [];
  const violations: string[] = [];
  const guardrailIds = new Set(guardrailResources(baseline).map((g) => g.logicalId));
  diff.resources.forEachDifference((logicalId, change) => {
    const before = (baseline.Resources ?? {})[logicalId];
    const after = (template.Resources ?? {})[logicalId];
    // The baseline's path, where it has the resource: the student's metadata does not rename it.
    const path = constructPath((before ?? after)!);
    const constructId = path.split('/')[0] || logicalId;
    // Guardrails are judged below, as a whole, not as changes a runbook must record.
    if (guardrailIds.has(logicalId)) return;
    const type = (after ?? before)!.Type;
    const properties = [
      ...Object.keys(change.propertyUpdates),
      ...Object.keys(change.otherChanges).filter((k) => !IGNORED_ATTRIBUTES.has(k)),
    ];
    const replacing = (impact?: ResourceImpact) => impact === ResourceImpact.WILL_REPLACE || impact === ResourceImpact.MAY_REPLACE;
    const inPlace = rules.inPlace?.[constructId] ?? [];
    const replacedBy = Object.entries(change.propertyUpdates)
      .filter(([name, update]) => replacing(update.changeImpact) && !inPlace.includes(name))
      .map(([name]) => name);
    let kind: ChangeKind;
    if (change.isAddition) kind = 'added';
    else if (change.isRemoval) kind = 'removed';
    else if (properties.length === 0) return;
    else if (replacing(change.changeImpact) && replacedBy.length > 0) kind = 'replaced';
    else kind = 'updated';
    changes.push({ logicalId, path, constructId, type, kind, properties, ...(kind === 'replaced' ? { replacedBy } : {}) });
    const shown = path.replace(/\/Resource$/, '') || logicalId;

    if (kind === 'removed' && !REMOVABLE_TYPES.has(type) && !allowedBy(rules.mayRemove, path)) {
      violations.push(`${shown} (${type}) was deleted: fix the resource instead of removing it`);
    }
    if (kind === 'replaced' && STATEFUL_TYPES.has(type) && !allowedBy(rules.mayReplace, path)) {
      violations.push(`${shown} (${type}) would be replaced (${replacedBy.join(', ')} changed): its data would be lost`);
    }
  });

  violations.push(...guardrailsUnchanged(baseline, template, identities, opts.pinnedAccount));
  violations.push(...guardrailsLeftAlone(baseline, template));
  violations.push(...boundariesInPlace(baseline, template));
  const cdkOwn = new Set(Object.keys(template.Resources ?? {}).filter((id) => isCdkHandlerId(id) && !cdkCustomResourceProblem(template, id, baseline)));
  violations.push(...guardrailTagsInPlace(baseline, template, identities, cdkOwn));
  violations.push(...ingressWithinAllowedCidr(template, identities.attempt.allowedCidr));
  const actuators = actuatorsInScope(baseline, template, rules.mayAdd);
  violations.push(...actuators.violations);

  const findings: ScopeFinding[] = [...identityFindings({ template, baseline }), ...newPrincipals(baseline, template), ...actuators.findings];
  return { changes, violations, findings };
}
