// Which CloudFormation types take tags, and where, from the CloudFormation resource schema as
// aws-cdk's service spec carries it (the same data CDK's own tagging uses).
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { TemplateResource } from '../model/template';

export interface TagProperty {
  /** The property holding the tags: `Tags`, `ResourceTags`, `BackupPlanTags`, ... */
  readonly property: string;
  /** `standard` / `asg`: a list of `{Key, Value}`; `map`: an object of key → value. */
  readonly variant: string;
}

let database: ReturnType<typeof loadAwsServiceSpecSync> | undefined;
const cache = new Map<string, TagProperty | undefined>();

/** Where a type takes its tags, or undefined when the type takes none (or the spec does not know it). */
export function tagPropertyOf(type: string): TagProperty | undefined {
  if (cache.has(type)) return cache.get(type);
  database ??= loadAwsServiceSpecSync();
  const info = database.lookup('resource', 'cloudFormationType', 'equals', type)[0]?.tagInformation;
  const found = info ? { property: info.tagPropertyName, variant: String(info.variant) } : undefined;
  cache.set(type, found);
  return found;
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
