import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir } from '../cache';
import { labPackageVersions, LIBRARY_ROOT } from '../paths';

/**
 * Lab bundles kept on disk keyed by content, so grading a lab that has not changed since its last
 * grade does not bundle it again (esbuild's start and the import checks: about 0.1 s of a one-drill
 * grade, on its critical path). An entry holds the bundle and what it was made of: the content of
 * every input, and the listing of every folder from an input's up to its workspace (or the
 * library). It is used only if all of those are unchanged, so a file added beside an import
 * (`x.tsx` before `x.ts`, a folder `x/`, a link, a package.json) makes the bundle again, as esbuild
 * would resolve it now. Only bundles that built are kept.
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

const folder = () => path.join(cacheDir(), 'bundles');

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
  const file = path.join(folder(), `${key}.json`);
  let entry: Entry;
  try {
    entry = JSON.parse(fs.readFileSync(file, 'utf8')) as Entry;
  } catch {
    return undefined;
  }
  if (entry.key !== key || typeof entry.code !== 'string' || !Array.isArray(entry.files) || !Array.isArray(entry.folders)) return undefined;
  if (!entry.files.every(([f, h]) => content(f) === h)) return undefined;
  if (!entry.folders.every(([d, h]) => listing(d) === h)) return undefined;
  try {
    // Recently used: the last to be pruned.
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // Read-only: it is pruned sooner, nothing else.
  }
  return { code: entry.code, inputs: entry.inputs };
}

/** Keeps a bundle that built; a failure (a file changed meanwhile, a cache not writable) only costs time. */
export function keepBundle(key: string, workspace: string, bundle: CachedBundle): void {
  const files: Array<[string, string]> = [];
  for (const f of bundle.inputs) {
    const h = content(f);
    if (h === undefined) return;
    files.push([f, h]);
  }
  const folders: Array<[string, string]> = [];
  for (const d of foldersOf(bundle.inputs, workspace)) {
    const h = listing(d);
    if (h === undefined) return;
    folders.push([d, h]);
  }
  const entry: Entry = { key, code: bundle.code, inputs: bundle.inputs, files, folders };
  try {
    const dir = folder();
    fs.mkdirSync(dir, { recursive: true });
    const target = path.join(dir, `${key}.json`);
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(entry));
    fs.renameSync(tmp, target);
    prune(dir);
  } catch {
    // Not writable: bundled again next time.
  }
}

const within = (dir: string, f: string) => f === dir || f.startsWith(dir + path.sep);

/** The folders of the inputs and every folder above them up to the workspace or the library they lie in. */
function foldersOf(inputs: readonly string[], workspace: string): Set<string> {
  const out = new Set<string>();
  for (const input of inputs) {
    const top = within(workspace, input) ? workspace : within(LIBRARY_ROOT, input) ? LIBRARY_ROOT : path.dirname(input);
    for (let d = path.dirname(input); !out.has(d); d = path.dirname(d)) {
      out.add(d);
      if (d === top || d === path.dirname(d)) break;
    }
  }
  return out;
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
