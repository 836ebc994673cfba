import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir } from '../cache';
import { labPackageFolders } from '../paths';
import type { SynthJob } from './harness';

/** What making a cache needs of the synthesis pool (pool.ts), without importing it. */
interface Synthesizer {
  synthesize(code: string, job: Omit<SynthJob, 'outdir'>, cache: { readonly saveCodeCache: string }): Promise<{ readonly ok: boolean }>;
}

/**
 * V8 code caches for the sandboxed synthesis (code-cache-hook.js): one per drill, made from the
 * library's own pristine lab of that drill by a fresh sandbox process, so the packages a student's
 * lab of the drill loads are mostly compiled already. The sandbox may read this folder, nothing
 * else of the grader's cache: it holds the bytecode of public packages only.
 */
export function codeCacheDir(): string {
  const dir = path.join(cacheDir(), 'code-cache');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

// The format of the files (the hook's): part of every name, so a file of an older format is never read.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const CACHE_FORMAT = (require('./code-cache-hook.js') as { MAGIC: string }).MAGIC;
let versions: string | undefined;

/** What a cache depends on besides the lab: Node, V8 and the packages it compiles (V8 checks each entry too). */
function versionKey(): string {
  versions ??= [CACHE_FORMAT, process.version, process.versions.v8, process.arch, ...labPackageFolders().map((dir) => {
    try {
      return `${dir}@${JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version}`;
    } catch {
      return dir;
    }
  })].join('\n');
  return versions;
}

/** The cache file for the labs of one drill (it may not exist yet). */
export function codeCacheFile(name: string): string {
  const key = crypto.createHash('sha256').update(versionKey()).update('\0').update(name).digest('hex').slice(0, 16);
  return path.join(codeCacheDir(), `${name.replace(/[^a-z0-9-]/gi, '_')}-${key}.bin`);
}

const making = new Map<string, Promise<string | undefined>>();

/**
 * The code cache for `name`, made first when there is none: `trusted` is a bundle of the library's
 * own code (never a student's), synthesized once in a fresh process of `pool`, which then writes
 * the cache. Undefined when it cannot be made: the synthesis then compiles everything itself.
 */
export function labCodeCache(name: string, pool: Synthesizer, trusted: () => Promise<{ code: string; job: Omit<SynthJob, 'outdir'> }>): Promise<string | undefined> {
  const file = codeCacheFile(name);
  if (fs.existsSync(file)) return Promise.resolve(file);
  let made = making.get(file);
  if (!made) {
    made = (async () => {
      try {
        const { code, job } = await trusted();
        const outcome = await pool.synthesize(code, job, { saveCodeCache: file });
        if (!outcome.ok || !fs.existsSync(file)) return undefined;
        // The drill's caches for other versions are of no further use.
        const prefix = `${path.basename(file).replace(/-[0-9a-f]+\.bin$/, '')}-`;
        for (const old of fs.readdirSync(path.dirname(file))) {
          if (old.startsWith(prefix) && /^[0-9a-f]+\.bin$/.test(old.slice(prefix.length)) && old !== path.basename(file)) fs.rmSync(path.join(path.dirname(file), old), { force: true });
        }
        return file;
      } catch {
        return undefined;
      }
    })();
    making.set(file, made);
  }
  return made;
}
