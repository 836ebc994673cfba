import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import type { ScopeRules } from '../model/drill';
import type { ChangeKind, ResourceChange, ScopeReport } from '../model/evidence';
import type { TemplateJson } from '../model/template';
import { constructPath } from '../template/read';
import { REMOVABLE_TYPES, STATEFUL_TYPES } from '../template/resource-types';

const IGNORED_ATTRIBUTES = new Set(['Metadata']);

/** A rule entry names a construct id (`SpareIp`) or a path below one (`Vpc/edgeSubnet2/NATGateway`). */
function allowedBy(entries: readonly string[] | undefined, path: string): boolean {
  return (entries ?? []).some((e) => path === e || path.startsWith(`${e}/`));
}

/** Compares the student's template with the pristine lab's baseline. */
export function scopeDiff(baseline: TemplateJson, template: TemplateJson, rules: ScopeRules = {}): ScopeReport {
  const diff = fullDiff(baseline as any, template as any);
  const changes: ResourceChange[] = [];
  const violations: string[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    const before = (baseline.Resources ?? {})[logicalId];
    const after = (template.Resources ?? {})[logicalId];
    const path = constructPath((after ?? before)!);
    const constructId = path.split('/')[0] || logicalId;
    if (constructId === 'AwswoGuardrails') return;
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
  return { changes, violations };
}
