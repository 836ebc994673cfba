/**
 * The handout test's third-party packages, kept between runs: `npm install` in a handout extracts
 * about 470 MB (aws-cdk-lib, the AWS SDK clients, jest...) that only change with the dependency
 * list. After a full install, a copy of the handout's node_modules without the library (`awswo`,
 * packed afresh by every run) is kept under the cache folder, keyed by what decides those packages.
 * The next run starts from that copy and still runs the real `npm install`, which checks the tree
 * against the handout's package.json and the packed library's dependencies, adds or removes what
 * differs, and installs the library from its new tarball. A fresh checkout (CI) has no copy and
 * installs everything, and so does a run whose copy is a day old (a full install resolves the
 * dependencies' own ranges again) or one with `AWSWO_HANDOUT_MODULES=off`.
 */
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir } from '../../lib/cache';
import { LIBRARY_ROOT } from '../../lib/paths';

const LIBRARY_NAME = 'awswo';

const MAX_AGE_MS = 24 * 3600_000;

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

/** Copies the kept packages into the handout; false when there are none for its dependencies. */
export function seedHandoutModules(handoutDir: string): boolean {
  if (!enabled()) return false;
  const kept = path.join(root(), modulesKey(handoutDir), 'node_modules');
  // A day at most: a full install resolves the dependencies' own ranges again, as a student's would.
  if (!fs.existsSync(kept) || Date.now() - fs.statSync(path.dirname(kept)).mtimeMs > MAX_AGE_MS) return false;
  // `cp -a`: a real copy, never hard links, so nothing a test writes reaches the kept tree.
  execFileSync('cp', ['-a', kept, path.join(handoutDir, 'node_modules')]);
  return true;
}

/** Keeps a copy of the handout's packages after a full install, without the library; replaces any other. */
export function keepHandoutModules(handoutDir: string): void {
  if (!enabled()) return;
  const key = modulesKey(handoutDir);
  const tmp = path.join(root(), `${key}.${process.pid}.tmp`);
  try {
    fs.mkdirSync(tmp, { recursive: true });
    execFileSync('cp', ['-a', path.join(handoutDir, 'node_modules'), path.join(tmp, 'node_modules')]);
    // The library comes from each run's tarball; npm's record of the tree and caches are not packages.
    for (const p of [LIBRARY_NAME, `.bin/${LIBRARY_NAME}`, '.package-lock.json', '.cache']) fs.rmSync(path.join(tmp, 'node_modules', p), { recursive: true, force: true });
    for (const other of fs.readdirSync(root())) if (other !== path.basename(tmp)) fs.rmSync(path.join(root(), other), { recursive: true, force: true });
    fs.renameSync(tmp, path.join(root(), key));
    const now = new Date();
    fs.utimesSync(path.join(root(), key), now, now);
  } catch {
    // Only a head start for the next run: it installs everything instead.
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
