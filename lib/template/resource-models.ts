// cloudformation-diff (the scope diff's engine) judges each changed property (does it replace the
// resource? is it an IAM or security group change?) from aws-cdk's service spec database, which
// costs about a second to load in every process that diffs a changed lab. The three fields it
// reads are kept on disk per spec version (node_modules/.cache/awswo), and its lookup is pointed at
// them; where the package's layout is not the expected one, it keeps its own lookup (only slower).
import * as fs from 'fs';
import { readCache, writeCache } from '../cache';

/**
 * Per type: [resource scrutiny, { property: 0, or [causesReplacement, property scrutiny] }]. Every
 * property is listed: the diff treats a change to a property the spec knows as an update, and one
 * it does not know as no change.
 */
type Compact = Record<string, [string | null, Record<string, 0 | [string | null, string | null]>]>;

interface ResourceModel {
  readonly cloudFormationType: string;
  readonly scrutinizable?: string;
  readonly properties: Record<string, { readonly causesReplacement?: string; readonly scrutinizable?: string }>;
}

let compact: Compact | undefined;
const models = new Map<string, ResourceModel | undefined>();

function specVersion(): string {
  return JSON.parse(fs.readFileSync(require.resolve('@aws-cdk/aws-service-spec/package.json'), 'utf8')).version;
}

function load(): Compact {
  if (compact) return compact;
  const name = `resource-models-2-${specVersion()}.json`;
  const cached = readCache<Compact>(name);
  if (cached) return (compact = cached);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadAwsServiceSpecSync } = require('@aws-cdk/aws-service-spec') as typeof import('@aws-cdk/aws-service-spec');
  const built: Compact = {};
  for (const r of loadAwsServiceSpecSync().all('resource')) {
    const props: Record<string, 0 | [string | null, string | null]> = {};
    for (const [p, spec] of Object.entries(r.properties)) {
      props[p] = spec.causesReplacement || spec.scrutinizable ? [spec.causesReplacement ?? null, spec.scrutinizable ?? null] : 0;
    }
    built[r.cloudFormationType] = [r.scrutinizable ?? null, props];
  }
  writeCache(name, built);
  return (compact = built);
}

/** The fields of a resource type's model that cloudformation-diff reads; undefined for types the spec does not know. */
export function resourceModel(type: string): ResourceModel | undefined {
  if (models.has(type)) return models.get(type);
  const entry = load()[type];
  const model = entry && {
    cloudFormationType: type,
    ...(entry[0] ? { scrutinizable: entry[0] } : {}),
    properties: Object.fromEntries(Object.entries(entry[1]).map(([p, facts]) => {
      const [replacement, scrutiny] = facts === 0 ? [null, null] : facts;
      return [p, { ...(replacement ? { causesReplacement: replacement } : {}), ...(scrutiny ? { scrutinizable: scrutiny } : {}) }];
    })),
  };
  models.set(type, model);
  return model;
}

let installed = false;

/** Points cloudformation-diff's model lookup at the cached extract (once per process). */
export function useCachedResourceModels(): void {
  if (installed) return;
  installed = true;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const util = require('@aws-cdk/cloudformation-diff/lib/diff/util') as { loadResourceModel?: unknown };
    if (typeof util.loadResourceModel === 'function') util.loadResourceModel = resourceModel;
  } catch {
    // Another layout of the package: its own lookup stays, at its own cost.
  }
}
