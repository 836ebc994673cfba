// Which CloudFormation types take tags, and where, from the CloudFormation resource schema as
// aws-cdk's service spec carries it (the same data CDK's own tagging uses).
import type { TemplateResource } from '../model/template';
import { typeSpec } from './service-spec';

export interface TagProperty {
  /** The property holding the tags: `Tags`, `ResourceTags`, `BackupPlanTags`, ... */
  readonly property: string;
  /** `standard` / `asg`: a list of `{Key, Value}`; `map`: an object of key → value. */
  readonly variant: string;
}

/** Where a type takes its tags, or undefined when the type takes none (or the spec does not know it). */
export function tagPropertyOf(type: string): TagProperty | undefined {
  return typeSpec(type)?.tags;
}

/** The tags a template resource carries, as key → value (values as written: strings or intrinsics). */
export function tagValues(resource: TemplateResource): Map<string, unknown> {
  const where = tagPropertyOf(resource.Type);
  const tags = new Map<string, unknown>();
  if (!where) return tags;
  const value = resource.Properties?.[where.property];
  if (Array.isArray(value)) {
    for (const t of value) if (t && typeof t === 'object' && typeof t.Key === 'string') tags.set(t.Key, t.Value);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) tags.set(k, v);
  }
  return tags;
}
