import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir, readCache, writeCache } from '../cache';
import { labPackageVersions, LIBRARY_ROOT } from '../paths';

/**
 * Lab bundles kept on disk keyed by content, so grading a lab that has not changed since its last
 * grade does not bundle it again (esbuild's start and the import checks: about 0.1 s of a one-drill
 * grade, on its critical path). An entry holds the bundle and what it was made of: the content of
 * every input, and the listing of every folder from an input's up to its workspace (or the
 * library). It is used only if all of those are unchanged, so a file added beside an import
 * (`x.tsx` before `x.ts`, a folder `x/`, a link, a package.json) makes the bundle again, as esbuild
 * would resolve it now. What an entry records is what the build itself met (the content it was
 * handed, each folder listed before anything was resolved in it), so a file changed or added
 * while the lab is bundled makes the next grade bundle it again. Only bundles that built are kept.
 */

/** Bump when what an entry holds, or how it is checked, changes. */
const FORMAT = '1';
/** Entries kept: past this, the least recently used go (tests bundle labs in many temporary workspaces). */
const KEEP = 300;
const PRUNE_AT = 400;

interface Entry {
  readonly key: string;
  readonly code: string;
  readonly inputs: readonly string[];
  /** [file, sha1 of its content] for every input. */
  readonly files: ReadonlyArray<readonly [string, string]>;
  /** [folder, sha1 of its listing] for every folder an input is in, and theirs up to the workspace. */
  readonly folders: ReadonlyArray<readonly [string, string]>;
}

export interface CachedBundle {
  readonly code: string;
  readonly inputs: readonly string[];
}

const sha1 = (data: string | Buffer) => crypto.createHash('sha1').update(data).digest('hex');

let salt: string | undefined;
/** What every key covers besides the entry: this format, esbuild, the packages, and the bundler's own code. */
function bundlerSalt(): string {
  salt ??= [
    FORMAT,
    (require('esbuild/package.json') as { version: string }).version,
    ...labPackageVersions(),
    LIBRARY_ROOT,
    sha1(fs.readFileSync(path.join(LIBRARY_ROOT, 'lib/sandbox/bundle.ts'))),
    sha1(fs.readFileSync(__filename)),
  ].join('\n');
  return salt;
}

const FOLDER = 'bundles';
const entryName = (key: string) => `${FOLDER}/${key}.json`;

/** The key of one bundling: its entry module's text and the workspace it resolves in. */
export function bundleKey(entry: string, workspace: string): string {
  return crypto.createHash('sha256').update(bundlerSalt()).update('\0').update(workspace).update('\0').update(entry).digest('hex');
}

/** Names and kinds (file, folder, link, other) of a folder's entries; undefined if it cannot be read. */
function listing(dir: string): string | undefined {
  try {
    const names = fs.readdirSync(dir, { withFileTypes: true }).map((d) => `${d.isSymbolicLink() ? 'l' : d.isDirectory() ? 'd' : d.isFile() ? 'f' : 'o'}:${d.name}`);
    return sha1(names.sort().join('\n'));
  } catch {
    return undefined;
  }
}

function content(file: string): string | undefined {
  try {
    return sha1(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}

/** The bundle kept for `key`, if every input and every folder it was made from is as it was. */
export function recallBundle(key: string): CachedBundle | undefined {
  const entry = readCache<Entry>(entryName(key));
  if (!entry || entry.key !== key || typeof entry.code !== 'string' || !Array.isArray(entry.files) || !Array.isArray(entry.folders)) return undefined;
  if (!entry.files.every(([f, h]) => content(f) === h)) return undefined;
  if (!entry.folders.every(([d, h]) => listing(d) === h)) return undefined;
  try {
    // Recently used: the last to be pruned.
    const now = new Date();
    fs.utimesSync(path.join(cacheDir(), entryName(key)), now, now);
  } catch {
    // Read-only: it is pruned sooner, nothing else.
  }
  return { code: entry.code, inputs: entry.inputs };
}

const within = (dir: string, f: string) => f === dir || f.startsWith(dir + path.sep);

/**
 * What one build met, recorded as it happens (bundle.ts's plugin): the content of each file as
 * it was handed to esbuild, and each folder's listing before anything was resolved in it.
 */
export class BuildRecord {
  readonly files = new Map<string, string>();
  private readonly folders = new Map<string, string | undefined>();

  constructor(private readonly workspace: string) {}

  /** Reads a file for the build, and records the content handed over. */
  load(file: string): Buffer {
    const data = fs.readFileSync(file);
    this.files.set(file, sha1(data));
    return data;
  }

  /** Lists `dir` and the folders above it up to the workspace or the library it lies in (once each: the first listing counts). */
  listUp(dir: string): void {
    const top = within(this.workspace, dir) ? this.workspace : within(LIBRARY_ROOT, dir) ? LIBRARY_ROOT : dir;
    for (let d = dir; !this.folders.has(d); d = path.dirname(d)) {
      this.folders.set(d, listing(d));
      if (d === top || d === path.dirname(d)) break;
    }
  }

  /** The entry for `bundle`, if the build met every input and every input's folder (else nothing to keep). */
  entry(key: string, bundle: CachedBundle): Entry | undefined {
    const files: Array<[string, string]> = [];
    for (const f of bundle.inputs) {
      const h = this.files.get(f);
      if (h === undefined || !this.folders.has(path.dirname(f))) return undefined;
      files.push([f, h]);
    }
    const folders: Array<[string, string]> = [];
    for (const [d, h] of this.folders) {
      if (h === undefined) return undefined;
      folders.push([d, h]);
    }
    return { key, code: bundle.code, inputs: bundle.inputs, files, folders };
  }
}

/** Keeps a bundle that built; a failure (a cache not writable) only costs time. */
export function keepBundle(key: string, bundle: CachedBundle, record: BuildRecord): void {
  const entry = record.entry(key, bundle);
  if (!entry) return;
  writeCache(entryName(key), entry);
  try {
    prune(path.join(cacheDir(), FOLDER));
  } catch {
    // Not readable: nothing pruned this time.
  }
}

function prune(dir: string): void {
  const names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (names.length <= PRUNE_AT) return;
  const aged = names.map((n) => {
    try {
      return { n, t: fs.statSync(path.join(dir, n)).mtimeMs };
    } catch {
      return { n, t: 0 };
    }
  });
  aged.sort((a, b) => a.t - b.t);
  for (const { n } of aged.slice(0, aged.length - KEEP)) fs.rmSync(path.join(dir, n), { force: true });
}
