// What the grader needs of the CloudFormation resource schemas, per resource type: the ARN format,
// what Ref returns, and where tags go. The source is aws-cdk's own service spec
// (@aws-cdk/aws-service-spec), whose database takes seconds to load; the few fields used are kept
// on disk per package version (node_modules/.cache/awswo), so each process reads ~200 KB instead.
import * as fs from 'fs';
import { readCache, writeCache } from '../cache';

export interface TypeSpec {
  /** `arn:${Partition}:s3:::${BucketName}`, when the schema gives one. */
  readonly arnTemplate?: string;
  /** What `Ref` returns: the property or attribute names (`BucketName`, `TopicArn`). */
  readonly refIdentifier: readonly string[];
  /** Where the type takes tags (`Tags`, standard | map | asg), when it does. */
  readonly tags?: { readonly property: string; readonly variant: string };
}

type Compact = Record<string, [string | null, string[], [string, string] | null]>;

let types: Compact | undefined;

function specVersion(): string {
  return JSON.parse(fs.readFileSync(require.resolve('@aws-cdk/aws-service-spec/package.json'), 'utf8')).version;
}

function load(): Compact {
  if (types) return types;
  const name = `service-spec-${specVersion()}.json`;
  const cached = readCache<Compact>(name);
  if (cached) {
    types = cached;
    return cached;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadAwsServiceSpecSync } = require('@aws-cdk/aws-service-spec') as typeof import('@aws-cdk/aws-service-spec');
  const db = loadAwsServiceSpecSync();
  const built: Compact = {};
  for (const r of db.all('resource')) {
    built[r.cloudFormationType] = [r.arnTemplate ?? null, [...(r.cfnRefIdentifier ?? r.primaryIdentifier ?? [])], r.tagInformation ? [r.tagInformation.tagPropertyName, String(r.tagInformation.variant)] : null];
  }
  writeCache(name, built);
  types = built;
  return built;
}

/** The schema facts of a CloudFormation resource type; undefined for types the spec does not know (Custom::*). */
export function typeSpec(type: string): TypeSpec | undefined {
  const entry = load()[type];
  if (!entry) return undefined;
  const [arnTemplate, refIdentifier, tags] = entry;
  return { ...(arnTemplate ? { arnTemplate } : {}), refIdentifier, ...(tags ? { tags: { property: tags[0], variant: tags[1] } } : {}) };
}
