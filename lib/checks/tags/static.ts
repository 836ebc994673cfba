import { fail, pass } from '../../model/verdict';
import { StaticCheck } from '../../model/drill';
import { FoundResource, TemplateResource } from '../../model/template';
import { resources } from '../../template/read';
import { tagPropertyOf } from '../../template/taggable';
import { GUARDRAILS_ID } from '../../lab/guardrail-names';

/** One tag every tagged resource must carry. */
export interface RequiredTag {
  readonly key: string;
  /** Accepted values; any non-empty value when omitted. */
  readonly values?: readonly string[];
}

/**
 * The tags of a template resource as key → value: `Tags` as a list of `{Key, Value}` (most types)
 * or as a map (SSM parameters and others), and the `*Tags` properties some types use instead.
 * Undefined when the resource carries no tags at all (it is not taggable).
 */
export function tagsOf(resource: TemplateResource): Map<string, unknown> | undefined {
  const props = resource.Properties ?? {};
  // `*Tags` names that hold a flag or a mode (EnableECSManagedTags, PropagateTags) are not tags.
  const keys = Object.keys(props).filter((k) => (k === 'Tags' || /^[A-Z][A-Za-z]*Tags$/.test(k)) && props[k] !== null && typeof props[k] === 'object');
  if (keys.length === 0) return undefined;
  const tags = new Map<string, unknown>();
  for (const k of keys) {
    const value = props[k];
    if (Array.isArray(value)) {
      for (const t of value) if (t && typeof t === 'object' && typeof t.Key === 'string') tags.set(t.Key, t.Value);
    } else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) tags.set(key, v);
    }
  }
  return tags;
}

/** What is wrong with one required tag among `tags` (`no owner`, `environment "x" (want one of ...)`), or undefined. */
export function tagProblem(tags: ReadonlyMap<string, unknown>, tag: RequiredTag): string | undefined {
  const v = tags.get(tag.key);
  if (typeof v !== 'string' || v.trim() === '') return `no ${tag.key}`;
  if (tag.values && !tag.values.includes(v)) return `${tag.key} "${v}" (want one of ${tag.values.join(', ')})`;
  return undefined;
}

/**
 * Every taggable lab resource (its CloudFormation type takes tags, or it carries some) carries each
 * required tag, with an accepted value: a resource whose tags were stripped is not skipped. The
 * guardrails' resources (by their logical ids in the baseline) and the resources the pristine lab
 * leaves untagged (CDK's own custom resource providers, which CDK cannot tag) are not judged; the
 * guardrails' own tags do not count towards the required ones. Messages name the top-level
 * construct ids of the resources that fall short.
 */
export function resourcesTagged(id: string, required: readonly RequiredTag[]): StaticCheck {
  const problem = tagProblem;
  return {
    id,
    run: ({ template, baseline }) => {
      const guardrails = new Set(resources(baseline, { includeGuardrails: true }).filter((r) => r.path.startsWith(`${GUARDRAILS_ID}/`)).map((r) => r.logicalId));
      // CDK cannot tag its custom resource providers: untagged in the pristine lab, they need no tags now.
      const untagged = new Set(resources(baseline, { includeGuardrails: true }).filter((r) => tagPropertyOf(r.resource.Type) && !tagsOf(r.resource)?.size).map((r) => `${r.logicalId} ${r.resource.Type}`));
      const tagged = resources(template, { includeGuardrails: true })
        .filter((r) => !guardrails.has(r.logicalId) && !untagged.has(`${r.logicalId} ${r.resource.Type}`))
        .map((r) => ({ r, tags: tagsOf(r.resource) ?? (tagPropertyOf(r.resource.Type) ? new Map<string, unknown>() : undefined) }))
        .filter((x): x is { r: FoundResource; tags: Map<string, unknown> } => !!x.tags);
      if (tagged.length === 0) return fail('the lab has no tagged resources: are the guardrails missing?');
      const short = new Map<string, Set<string>>();
      for (const { r, tags } of tagged) {
        const problems = required.map((t) => problem(tags, t)).filter((p): p is string => !!p);
        if (!problems.length) continue;
        const constructId = r.path.split('/')[0] || r.logicalId;
        const seen = short.get(constructId) ?? new Set<string>();
        problems.forEach((p) => seen.add(p));
        short.set(constructId, seen);
      }
      if (short.size) {
        return fail(`${short.size} construct(s) lack the course's tags: ${[...short].map(([c, p]) => `${c} (${[...p].join(', ')})`).join('; ')}`);
      }
      return pass(`all ${tagged.length} tagged resources carry ${required.map((t) => t.key).join(', ')}`);
    },
  };
}
