/**
 * The handout test's third-party packages, kept between runs: `npm install` in a handout extracts
 * about 470 MB (aws-cdk-lib, the AWS SDK clients, jest...) that only change with the dependency
 * list. After a run, the handout's node_modules without the library (`awswo`, packed afresh by
 * every run) is kept under the cache folder, keyed by what decides those packages. The next run
 * starts from it and still runs the real `npm install`, which checks the tree against the handout's
 * package.json and the packed library's dependencies, adds or removes what differs, and installs the
 * library from its new tarball. A fresh checkout (CI) has none and installs everything, and so does
 * a run whose tree was fully installed a day ago or more (a full install resolves the dependencies'
 * own ranges again) or one with `AWSWO_HANDOUT_MODULES=off`.
 *
 * The tree is moved, not copied: writing 26,000 files took 2–30 s on this host, a rename takes
 * none. Where the handout is on another file system it is copied. A run that starts from a kept
 * tree also gives the installed library a cache folder kept beside it (`AWSWO_CACHE_DIR`), as a
 * student's second grade finds the first one's caches: every entry there is keyed by content
 * (transpiled code, bundles, type checks, derived data) or by the installation (the code caches,
 * made again after each install). A full install starts with none, in the package's own folder,
 * as a student's first grade does, and that folder is kept for the next run.
 */
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir } from '../../lib/cache';
import { LIBRARY_ROOT } from '../../lib/paths';

const LIBRARY_NAME = 'awswo';

const MAX_AGE_MS = 24 * 3600_000;

/** When the kept tree was last installed in full (its folder's own time moves with every run). */
const INSTALLED_AT = 'installed-at';

const enabled = () => process.env.AWSWO_HANDOUT_MODULES !== 'off';

const root = () => path.join(cacheDir(), 'handout-modules');

let npmVersion: string | undefined;

/** Everything that decides the third-party tree: both dependency lists, Node, npm and the platform. */
function modulesKey(handoutDir: string): string {
  const handout = JSON.parse(fs.readFileSync(path.join(handoutDir, 'package.json'), 'utf8'));
  const library = JSON.parse(fs.readFileSync(path.join(LIBRARY_ROOT, 'package.json'), 'utf8'));
  const { [LIBRARY_NAME]: _packedAfresh, ...handoutDependencies } = handout.dependencies ?? {};
  npmVersion ??= execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
  const npm = npmVersion;
  return crypto.createHash('sha256').update(JSON.stringify({
    handoutDependencies, handoutDevDependencies: handout.devDependencies ?? {}, libraryDependencies: library.dependencies ?? {},
    node: process.version, npm, platform: process.platform, arch: process.arch,
  })).digest('hex').slice(0, 32);
}

/** Moves a tree, or copies it (`cp -a`) and removes the source where a rename cannot cross file systems. */
function move(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    execFileSync('cp', ['-a', from, to]);
    fs.rmSync(from, { recursive: true, force: true });
  }
}

/** What a run took from the kept trees, to give back by keepHandoutModules. */
export interface HandoutModules {
  readonly key: string;
  /** When the tree was installed in full: now for a full install, the kept tree's time otherwise. */
  readonly installedAt: number;
  /** The installed library's cache folder, kept with the tree; undefined after a full install. */
  readonly cacheDir?: string;
}

/** The installed library's cache folder: the kept one, or after a full install the package's own. */
export function libraryCacheDir(handoutDir: string, taken: HandoutModules): string {
  return taken.cacheDir ?? path.join(handoutDir, 'node_modules', LIBRARY_NAME, 'node_modules', '.cache', 'awswo');
}

/**
 * Before `npm install`: moves the kept packages into the handout, if there are any for its
 * dependencies that were installed less than a day ago. Call keepHandoutModules after the run, also
 * when nothing was seeded, so the next run starts from this one's tree.
 */
export function seedHandoutModules(handoutDir: string): HandoutModules {
  const key = modulesKey(handoutDir);
  const full = { key, installedAt: Date.now() };
  if (!enabled()) return full;
  const keptDir = path.join(root(), key);
  let installedAt: number;
  try {
    installedAt = Number(fs.readFileSync(path.join(keptDir, INSTALLED_AT), 'utf8'));
  } catch {
    return full;
  }
  // A day at most: a full install resolves the dependencies' own ranges again, as a student's would.
  if (!(Date.now() - installedAt < MAX_AGE_MS)) return full;
  try {
    move(path.join(keptDir, 'node_modules'), path.join(handoutDir, 'node_modules'));
  } catch {
    // Another run has it, or it is gone: this one installs everything.
    return full;
  }
  return { key, installedAt, cacheDir: path.join(keptDir, 'cache') };
}

/**
 * After the run: keeps the handout's packages for the next one, without the library and npm's
 * record of the tree, and replaces any tree kept for other dependencies. Only after a successful
 * install: a failed one leaves nothing to start from.
 */
export function keepHandoutModules(handoutDir: string, taken: HandoutModules): void {
  if (!enabled()) return;
  const modules = path.join(handoutDir, 'node_modules');
  const keptDir = path.join(root(), taken.key);
  const tmp = path.join(root(), `${taken.key}.${process.pid}.tmp`);
  try {
    fs.mkdirSync(tmp, { recursive: true });
    // The library's caches stay with the tree: the kept folder, or after a full install its own.
    const libraryCache = libraryCacheDir(handoutDir, taken);
    if (fs.existsSync(libraryCache)) move(libraryCache, path.join(tmp, 'cache'));
    // The library comes from each run's tarball; npm's record of the tree and caches are not packages.
    for (const p of [LIBRARY_NAME, `.bin/${LIBRARY_NAME}`, '.package-lock.json', '.cache']) fs.rmSync(path.join(modules, p), { recursive: true, force: true });
    move(modules, path.join(tmp, 'node_modules'));
    fs.writeFileSync(path.join(tmp, INSTALLED_AT), String(taken.installedAt));
    for (const other of fs.readdirSync(root())) if (other !== path.basename(tmp)) fs.rmSync(path.join(root(), other), { recursive: true, force: true });
    fs.renameSync(tmp, keptDir);
  } catch {
    // Only a head start for the next run: it installs everything instead.
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
