import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { documentNames } from '../grading/attempt';
import { GradeInputError, firstLine } from '../grading/errors';
import type { Drill } from '../model/drill';
import { LIBRARY_ROOT } from '../paths';
import { handoutFiles } from './handout-files';

/** Files a handout (and the package it installs) must never contain: they give the fix away. */
export const ANSWER_FILES = [/(^|\/)solution\.tsx?$/, /\.solution\.[a-z]+$/i];

/** A handout cannot be written: bad --out, bad --library, a package that would ship answers. One line, exit 2. */
export class HandoutError extends GradeInputError {
  constructor(message: string) {
    super(message);
    this.name = 'HandoutError';
  }
}

/**
 * Where the handout's `awswo` dependency comes from:
 * - `pack`: `npm pack` of a library folder (default: this checkout), the tarball written into the handout;
 * - `tarball`: a tarball `npm pack` made, copied into the handout;
 * - `spec`: an npm dependency spec used as is (a git URL: `git+https://...#v0.1.0`, `github:owner/repo`).
 */
export type LibrarySource =
  | { readonly kind: 'pack'; readonly dir: string }
  | { readonly kind: 'tarball'; readonly file: string }
  | { readonly kind: 'spec'; readonly spec: string };

/** `--library`: a .tgz file, a library folder, or a git URL; default `npm pack` of this checkout. */
export function librarySource(value: string | undefined): LibrarySource {
  if (value === undefined) return { kind: 'pack', dir: LIBRARY_ROOT };
  if (/^(git\+(https|ssh|file):\/\/|git:\/\/|github:|gitlab:|bitbucket:)/.test(value) || /^https:\/\/.*\.git(#.*)?$/.test(value)) return { kind: 'spec', spec: value };
  const full = path.resolve(value);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(full);
  } catch {
    throw new HandoutError(`--library: ${value} is neither a file, a folder nor a git URL (git+https://..., github:owner/repo)`);
  }
  if (stat.isDirectory()) {
    if (!fs.existsSync(path.join(full, 'package.json'))) throw new HandoutError(`--library: ${value} has no package.json`);
    return { kind: 'pack', dir: full };
  }
  if (!/\.(tgz|tar\.gz)$/.test(full)) throw new HandoutError(`--library: ${value} is not a tarball (.tgz) made by npm pack`);
  return { kind: 'tarball', file: full };
}

export interface HandoutOptions {
  /** The folder to write: it must not exist yet, or be empty. */
  readonly out: string;
  readonly drills: readonly Drill[];
  readonly library: LibrarySource;
  /** The handout's package name (default: awswo-handout-<modules>). */
  readonly name?: string;
  readonly progress?: (line: string) => void;
}

export interface Handout {
  readonly dir: string;
  /** Every file written, relative to the handout, sorted. */
  readonly files: readonly string[];
  /** The `awswo` dependency spec the handout's package.json names. */
  readonly dependency: string;
}

/**
 * Writes a student workspace: the chosen drills' labs (library imports rewritten to the package,
 * `awswo/lib/lab`), briefings and blank documents, and a project that installs the library as a
 * package and runs its grader, CDK app and Jest self-check; nothing that gives the fix away.
 */
export function writeHandout(opts: HandoutOptions): Handout {
  if (opts.drills.length === 0) throw new HandoutError('no drill to hand out');
  const dir = path.resolve(opts.out);
  prepareOut(dir);
  const written: string[] = [];
  const write = (rel: string, text: string | Buffer) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    written.push(rel.split(path.sep).join('/'));
  };

  const modules = new Set<string>();
  for (const drill of opts.drills) {
    const rel = path.relative(LIBRARY_ROOT, drill.dir);
    const moduleRel = path.dirname(rel);
    if (!modules.has(moduleRel)) {
      modules.add(moduleRel);
      const briefing = path.join(LIBRARY_ROOT, moduleRel, 'README.md');
      if (fs.existsSync(briefing)) write(path.join(moduleRel, 'README.md'), fs.readFileSync(briefing));
    }
    write(path.join(rel, 'lab.ts'), handoutLab(fs.readFileSync(path.join(drill.dir, 'lab.ts'), 'utf8'), drill.dir));
    for (const name of ['README.md', ...documentNames(drill)]) {
      const from = path.join(drill.dir, name);
      if (!fs.existsSync(from)) throw new HandoutError(`drill ${drill.id} has no ${name} to hand out`);
      write(path.join(rel, name), fs.readFileSync(from));
    }
  }

  const dependency = libraryDependency(opts.library, dir, (rel, data) => write(rel, data), opts.progress);
  if (opts.library.kind === 'pack') written.push(dependency.slice('file:'.length));
  const moduleIds = [...new Set(opts.drills.map((d) => d.module))];
  const name = opts.name ?? `awswo-handout-${moduleIds.join('-')}`;
  for (const [rel, text] of Object.entries(handoutFiles({ name, drills: opts.drills, dependency, libraryVersion: libraryVersion() }))) write(rel, text);

  const answers = written.filter((f) => ANSWER_FILES.some((a) => a.test(f)));
  if (answers.length) throw new HandoutError(`the handout would contain answers (${answers.join(', ')}): not written`);
  return { dir, files: written.sort(), dependency };
}

function prepareOut(dir: string): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new HandoutError(`--out ${dir} is a file, not a folder`);
    if (fs.readdirSync(dir).length > 0) throw new HandoutError(`--out ${dir} is not empty: give a new or empty folder`);
  }
  if (dir === LIBRARY_ROOT || dir.startsWith(LIBRARY_ROOT + path.sep)) throw new HandoutError(`--out ${dir} is inside the library's checkout: write the handout elsewhere`);
  fs.mkdirSync(dir, { recursive: true });
}

/**
 * The lab as a handout gives it: relative imports of the library (`../../../lib/lab`) become
 * imports of the package (`awswo/lib/lab`), so the lab resolves the installed library.
 */
export function handoutLab(source: string, drillDir: string): string {
  const libraryLib = path.join(LIBRARY_ROOT, 'lib');
  return source.replace(/(\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)(['"])(\.{1,2}\/[^'"]*)\2/g, (whole, lead: string, quote: string, spec: string) => {
    const target = path.resolve(drillDir, spec);
    if (target !== libraryLib && !target.startsWith(libraryLib + path.sep)) {
      throw new HandoutError(`${path.relative(LIBRARY_ROOT, drillDir)}/lab.ts imports ${spec}, which a handout cannot carry: labs import only the library and packages`);
    }
    const rel = path.relative(LIBRARY_ROOT, target).split(path.sep).join('/');
    return `${lead}${quote}awswo/${rel}${quote}`;
  });
}

function libraryVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(LIBRARY_ROOT, 'package.json'), 'utf8')).version;
}

/** Writes or names the library the handout installs, after checking that it ships no answer. */
function libraryDependency(source: LibrarySource, dir: string, write: (rel: string, data: Buffer) => void, progress?: (line: string) => void): string {
  if (source.kind === 'spec') return source.spec;
  let tarball: string;
  let contents: string[];
  if (source.kind === 'pack') {
    progress?.(`npm pack ${source.dir}`);
    const packed = npmPack(source.dir, dir);
    tarball = packed.file;
    contents = packed.files;
  } else {
    tarball = source.file;
    contents = tarballFiles(tarball);
    write(path.basename(tarball), fs.readFileSync(tarball));
  }
  const answers = contents.filter((f) => ANSWER_FILES.some((a) => a.test(f)) || /^test\//.test(f));
  if (answers.length) {
    if (source.kind === 'pack') fs.rmSync(tarball, { force: true });
    throw new HandoutError(`the library package ${path.basename(tarball)} contains answers or tests (${answers.slice(0, 3).join(', ')}${answers.length > 3 ? ', ...' : ''}): fix its "files" list`);
  }
  return `file:${path.basename(tarball)}`;
}

/** `npm pack` of a library folder into the handout: the tarball's path and the files it holds. */
function npmPack(libraryDir: string, dest: string): { file: string; files: string[] } {
  let out: string;
  try {
    out = execFileSync('npm', ['pack', '--json', '--pack-destination', dest], { cwd: libraryDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' } });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr;
    throw new HandoutError(`npm pack of ${libraryDir} failed: ${stderr ? firstLine(stderr) : firstLine(err)}`);
  }
  const [info] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return { file: path.join(dest, path.basename(info.filename)), files: info.files.map((f) => f.path) };
}

/** The files of a tarball npm pack made (`package/...`), without the `package/` prefix. */
export function tarballFiles(file: string): string[] {
  let listing: string;
  try {
    listing = execFileSync('tar', ['-tzf', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    throw new HandoutError(`--library: cannot read the tarball ${file}: ${firstLine(err)}`);
  }
  return listing.split('\n').filter(Boolean).map((l) => l.replace(/^[^/]+\//, ''));
}
