import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir } from '../cache';
import { LAB_DEFAULTS } from '../lab/lab-context';
import { labPackageFolders, labPackageVersions } from '../paths';
import { bundleTrustedLabs, TrustedLab } from './bundle';
import type { SynthJob } from './harness';
import { freshIdentity } from './identity';

// The hook the sandbox compiles with (plain JavaScript: the child loads it without the grader).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const hook = require('./code-cache-hook.js') as { MAGIC: string; readHead(file: string): { meta: unknown; stamp?: string } | undefined; installStamp(folders: readonly string[]): string | undefined };

/** What making a cache needs of the synthesis pool (pool.ts), without importing it. */
interface Synthesizer {
  synthesize(code: string, job: Omit<SynthJob, 'outdir'>, cache: { readonly codeCache?: () => string | undefined; readonly saveCodeCache: { readonly file: string; readonly meta: unknown } }): Promise<{ readonly ok: boolean }>;
}

/**
 * V8 code caches for the sandboxed synthesis (code-cache-hook.js): the packages the library's own
 * pristine labs load, compiled by a fresh sandbox process that has run nothing but those labs, so
 * a student's lab finds most of aws-cdk-lib compiled already. The sandbox may read this folder,
 * nothing else of the grader's cache: it holds the bytecode of public packages only.
 */
let dir: string | undefined;

/**
 * V8 flags of every sandbox process. A young generation of 32 MiB from the start: a short-lived
 * synthesis otherwise starts at 1 MiB and copies what it loads through many more scavenges (about
 * 0.1 s of CPU a grade, measured). V8 refuses a code cache made under other flags, so they are
 * part of the cache file's name.
 */
export const SANDBOX_V8_FLAGS: readonly string[] = ['--min-semi-space-size=32', '--max-semi-space-size=32'];

export function codeCacheDir(): string {
  if (dir) return dir;
  dir = path.join(cacheDir(), 'code-cache');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

let file: string | undefined;

/**
 * The one cache file for every lab (it may not exist yet). Its name covers the format, Node, V8 and
 * the packages it compiles: another version never reads it (each entry is also checked by hash).
 */
export function codeCacheFile(): string {
  if (file) return file;
  const versions = [hook.MAGIC, process.version, process.versions.v8, process.arch, ...SANDBOX_V8_FLAGS, ...labPackageVersions()].join('\n');
  file = path.join(codeCacheDir(), `labs-${crypto.createHash('sha256').update(versions).digest('hex').slice(0, 16)}.bin`);
  return file;
}

let stamp: { readonly value: string | undefined } | undefined;

/**
 * The stamp of the lab packages' installation (code-cache-hook.js): a sandbox uses the resolutions
 * of a cache made under the same one. Computed here, since the sandbox cannot read node_modules itself.
 */
export function labInstallStamp(): string | undefined {
  stamp ??= { value: hook.installStamp(labPackageFolders()) };
  return stamp.value;
}

/** Which pristine labs the cache was made from: drill id → hash of the lab file it ran. */
type Covered = Record<string, string>;

function covered(cache: string): Covered {
  const head = hook.readHead(cache);
  // Resolutions of another installation: made again, with the bytecode it has (checked by hash).
  const current = labInstallStamp();
  if (current !== undefined && head?.stamp !== current) return {};
  return (head?.meta as { covered?: Covered } | undefined)?.covered ?? {};
}

const labHash = (labFile: string) => crypto.createHash('sha1').update(fs.readFileSync(labFile)).digest('hex');

let making: Promise<string | undefined> | undefined;

/**
 * The code cache, and the making of what it lacks: when a lab in `labs` (the library's pristine
 * labs of the drills a run grades) is not yet covered, one fresh process of `pool` synthesizes all
 * those labs once, reading the cache as it is, and writes the cache anew with their modules added.
 * `ready`: the cache file once that is done (or now); undefined when there is none to be had.
 */
export function labCodeCache(pool: Synthesizer, labs: readonly TrustedLab[]): { readonly ready: Promise<string | undefined>; readonly making: boolean } {
  const cache = codeCacheFile();
  const have = fs.existsSync(cache) ? covered(cache) : {};
  const hashes = new Map(labs.map((l) => [l.drillId, labHash(l.labFile)]));
  const missing = labs.filter((l) => have[l.drillId] !== hashes.get(l.drillId));
  if (missing.length === 0) return { ready: Promise.resolve(cache), making: false };
  // One maker at a time per process; a second run of the same process finds the first one's file.
  making ??= (async () => {
    try {
      const bundle = await bundleTrustedLabs(missing);
      const meta = { covered: { ...have, ...Object.fromEntries(missing.map((l) => [l.drillId, hashes.get(l.drillId)!])) } };
      const job = { drillId: missing[0].drillId, module: missing[0].module, identities: [freshIdentity([], bundle.code)], budgetUsd: LAB_DEFAULTS.budgetUsd };
      const outcome = await pool.synthesize(bundle.code, job, { codeCache: () => (fs.existsSync(cache) ? cache : undefined), saveCodeCache: { file: cache, meta } });
      if (!outcome.ok || !fs.existsSync(cache)) return undefined;
      removeOthers(cache);
      return cache;
    } catch {
      return undefined;
    } finally {
      making = undefined;
    }
  })();
  return { ready: making, making: true };
}

/** Caches of other versions are of no further use. */
function removeOthers(cache: string): void {
  for (const old of fs.readdirSync(path.dirname(cache))) {
    if (old.endsWith('.bin') && old !== path.basename(cache)) fs.rmSync(path.join(path.dirname(cache), old), { force: true });
  }
}
