// The V8 code caches: what they are made from, who may write them, and that a stale or foreign
// cache changes nothing but the time (each entry is used only for the source it was made from).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { catalog } from '../../../drills/registry';
import { pristineAttempt, solutionAttempt } from '../../../lib/grading/attempt';
import { labPackageFolders, LIBRARY_ROOT } from '../../../lib/paths';
import { bundleLab } from '../../../lib/sandbox/bundle';
import { codeCacheFile, labCodeCache } from '../../../lib/sandbox/code-cache';
import type { TemplateJson } from '../../../lib/model/template';
import { freshIdentity, normaliseTemplate } from '../../../lib/sandbox/identity';
import { SynthPool } from '../../../lib/sandbox/pool';

const HOOK = path.join(LIBRARY_ROOT, 'lib/sandbox/code-cache-hook.js');
const drill = catalog.find('access-denied-parameter')!;
const other = catalog.find('iam-wildcard-role')!;
const shownAs = (f: string) => f;
const trusted = (d: typeof drill) => ({ labFile: pristineAttempt(d).labFile, drillId: d.id, module: d.module });

// This file's caches go to a folder of its own (read when the first cache path is asked for).
const CACHE = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-code-cache-'));
process.env.AWSWO_CACHE_DIR = CACHE;
afterAll(() => fs.rmSync(CACHE, { recursive: true, force: true }));

/** The entries a cache file holds (its index), by the hook's own format. */
function cachedFiles(file: string): string[] {
  const buf = fs.readFileSync(file);
  const head = JSON.parse(buf.toString('utf8', 4, 4 + buf.readUInt32LE(0)));
  return head.index.map((e: [string, string, number, number]) => e[0]);
}

const hook = require(HOOK) as { readMeta(file: string): { covered: Record<string, string> } | undefined; readHead(file: string): { stamp?: string } | undefined };

function job() {
  const first = freshIdentity([]);
  return { drillId: drill.id, module: drill.module, identities: [first, freshIdentity([first])], budgetUsd: 25 };
}

describe('the sandbox code cache', () => {
  // Made in beforeAll: a run that skips these tests (jest -t) must not leave processes open.
  let pool: SynthPool;
  beforeAll(() => {
    pool = new SynthPool(6);
  });
  afterAll(() => pool?.close());

  test('is made once from the pristine labs of a run, in a fresh process: only the lab packages, and which labs it covers', async () => {
    const first = labCodeCache(pool, [trusted(drill)]);
    expect(first.making).toBe(true);
    const file = await first.ready;
    expect(file).toBe(codeCacheFile());
    expect(path.dirname(file!)).toBe(path.join(CACHE, 'code-cache'));
    const packages = labPackageFolders();
    const files = cachedFiles(file!);
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => !packages.some((p) => f.startsWith(p + path.sep)))).toEqual([]);
    expect(Object.keys(hook.readMeta(file!)!.covered)).toEqual([drill.id]);
    expect(labCodeCache(pool, [trusted(drill)]).making).toBe(false);
  }, 60_000);

  test('a student\'s lab of the drill (here the solution) compiles its packages from it, to the same template', async () => {
    const solution = await bundleLab(solutionAttempt(drill).labFile, { workspace: LIBRARY_ROOT, shownAs });
    const [cached, uncached] = await Promise.all([
      pool.synthesize(solution.code, job(), { codeCache: () => codeCacheFile() }),
      pool.synthesize(solution.code, job()),
    ]);
    if (!cached.ok || !uncached.ok) throw new Error('the synthesis failed');
    expect(cached.codeCache!.used).toBeGreaterThan(100);
    expect(cached.codeCache!.rejected).toBe(0);
    // ... and resolves its packages' requires from it (this checkout's install has npm's record).
    expect(cached.codeCache!.resolved).toBeGreaterThan(100);
    expect(uncached.codeCache!).toMatchObject({ used: 0, resolved: 0 });
    // Same lab, a fresh identity each: the same template once each identity is taken out.
    const normalised = (o: typeof cached) => o.runs.map((r) => normaliseTemplate(r.template as TemplateJson, r.identity));
    expect(normalised(cached)).toEqual(normalised(uncached));
  }, 60_000);

  test('a drill it does not cover is added, and what it had is kept', async () => {
    const before = new Set(cachedFiles(codeCacheFile()));
    const next = labCodeCache(pool, [trusted(drill), trusted(other)]);
    expect(next.making).toBe(true);
    const file = await next.ready;
    expect(Object.keys(hook.readMeta(file!)!.covered).sort()).toEqual([drill.id, other.id].sort());
    const after = new Set(cachedFiles(file!));
    expect([...before].filter((f) => !after.has(f))).toEqual([]);
    expect(after.size).toBeGreaterThan(before.size);
  }, 60_000);

  test('one whose resolutions were made under another installation of the packages is made again, keeping its bytecode', async () => {
    const file = codeCacheFile();
    const stamp = hook.readHead(file)?.stamp;
    expect(stamp).toMatch(/^[0-9a-f]{40}$/);
    expect(labCodeCache(pool, [trusted(drill)]).making).toBe(false);
    // The same file, as if the packages had been installed again since.
    const buf = fs.readFileSync(file);
    const length = buf.readUInt32LE(0);
    const head = Buffer.from(JSON.stringify({ ...JSON.parse(buf.toString('utf8', 4, 4 + length)), stamp: 'another installation' }));
    const size = Buffer.alloc(4);
    size.writeUInt32LE(head.length);
    fs.writeFileSync(file, Buffer.concat([size, head, buf.subarray(4 + length)]));
    const before = cachedFiles(file).length;
    const again = labCodeCache(pool, [trusted(drill)]);
    expect(again.making).toBe(true);
    await again.ready;
    expect(hook.readHead(file)?.stamp).toBe(stamp);
    expect(cachedFiles(file).length).toBeGreaterThanOrEqual(before);
  }, 60_000);
});

describe('the code cache hook', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-hook-')));
    fs.mkdirSync(path.join(dir, 'pkg'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs a process that loads pkg/answer.js through the hook, with the cache file; prints what it got. */
  function load(mode: 'make' | 'use'): { answer: string; stats: { used: number; rejected: number; compiled: number } } {
    const script = [
      `const hook = require(${JSON.stringify(HOOK)});`,
      `hook.install([${JSON.stringify(path.join(dir, 'pkg'))}]);`,
      mode === 'use' ? `hook.use(${JSON.stringify(path.join(dir, 'cache.bin'))});` : '',
      `const answer = require(${JSON.stringify(path.join(dir, 'pkg', 'answer.js'))})();`,
      mode === 'make' ? `hook.save(${JSON.stringify(path.join(dir, 'cache.bin'))});` : '',
      'console.log(JSON.stringify({ answer, stats: hook.stats() }));',
    ].join('\n');
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout);
  }

  test('a module compiled from the cache behaves as compiled from source; a changed source is compiled anew', () => {
    fs.writeFileSync(path.join(dir, 'pkg', 'answer.js'), 'module.exports = () => `first ${__filename.endsWith("answer.js")} ${typeof require.resolve}`;');
    expect(load('make')).toEqual({ answer: 'first true function', stats: { used: 0, rejected: 0, compiled: 1 } });
    expect(load('use')).toEqual({ answer: 'first true function', stats: { used: 1, rejected: 0, compiled: 1 } });
    // The same length, other code (V8's own check would take the entry): the new code runs.
    fs.writeFileSync(path.join(dir, 'pkg', 'answer.js'), 'module.exports = () => `other ${__filename.endsWith("answer.js")} ${typeof require.resolve}`;');
    expect(load('use')).toEqual({ answer: 'other true function', stats: { used: 0, rejected: 1, compiled: 1 } });
  });

  test('a file that is not a cache of ours is ignored', () => {
    fs.writeFileSync(path.join(dir, 'cache.bin'), 'not a cache');
    expect(load('use').stats).toEqual({ used: 0, rejected: 0, compiled: 1 });
  });
});

describe('the resolutions the code cache keeps', () => {
  let dir: string;
  let pkg: string;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-resolve-')));
    pkg = path.join(dir, 'node_modules', 'pkg');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, 'main.js'), "module.exports = () => require('./part')();");
    fs.writeFileSync(path.join(pkg, 'part.js'), "module.exports = () => 'part.js';");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /**
   * A process that loads pkg/main.js (which requires ./part) through the hook, under `stamp`:
   * 'make' writes the cache, 'use' reads it. What ./part answered, and how resolutions went.
   */
  function load(mode: 'make' | 'use', stamp: string | undefined, extra = ''): { answer: string; resolutions: { served: number; resolved: number } } {
    const cache = path.join(dir, 'cache.bin');
    const script = [
      `const hook = require(${JSON.stringify(HOOK)});`,
      `hook.install([${JSON.stringify(pkg)}]);`,
      `hook.use(${mode === 'use' ? JSON.stringify(cache) : 'undefined'}, ${JSON.stringify(stamp) ?? 'undefined'});`,
      `const answer = require(${JSON.stringify(path.join(pkg, 'main.js'))})();`,
      extra,
      mode === 'make' ? `hook.save(${JSON.stringify(cache)});` : '',
      'console.log(JSON.stringify({ answer, resolutions: hook.resolutionStats() }));',
    ].join('\n');
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout);
  }

  /** What Node would resolve ./part to now: part.js gone, part/index.js in its place. */
  const reinstall = () => {
    fs.rmSync(path.join(pkg, 'part.js'));
    fs.mkdirSync(path.join(pkg, 'part'));
    fs.writeFileSync(path.join(pkg, 'part', 'index.js'), "module.exports = () => 'part/index.js';");
  };

  test('a require inside the packages resolves from the cache under the installation it was made in', () => {
    expect(load('make', 'install-1')).toEqual({ answer: 'part.js', resolutions: { served: 0, resolved: 1 } });
    expect(load('use', 'install-1')).toEqual({ answer: 'part.js', resolutions: { served: 1, resolved: 0 } });
  });

  test('under another installation (or none known) Node resolves again, and finds what is there now', () => {
    load('make', 'install-1');
    reinstall();
    expect(load('use', 'install-2')).toEqual({ answer: 'part/index.js', resolutions: { served: 0, resolved: 1 } });
    expect(load('use', undefined)).toEqual({ answer: 'part/index.js', resolutions: { served: 0, resolved: 0 } });
    // The check that matters: under the old stamp the cache would still send ./part to part.js.
    expect(() => load('use', 'install-1')).toThrow(/part\.js/);
  });

  test('requires from outside the packages, or with options, are resolved by Node and not kept', () => {
    const outside = path.join(dir, 'outside.js');
    fs.writeFileSync(outside, "module.exports = require.resolve(" + JSON.stringify(path.join(pkg, 'part')) + ");");
    const extra = `require(${JSON.stringify(outside)}); require.resolve('./part', { paths: [${JSON.stringify(pkg)}] });`;
    expect(load('make', 'install-1', extra).resolutions).toEqual({ served: 0, resolved: 1 });
  });

  test('the stamp of an installation is its package manager\'s record; no record, no stamp', () => {
    const hookApi = require(HOOK) as { installStamp(folders: string[]): string | undefined };
    expect(hookApi.installStamp([pkg])).toBeUndefined();
    const record = path.join(dir, 'node_modules', '.package-lock.json');
    fs.writeFileSync(record, '{"lockfileVersion":3}');
    const first = hookApi.installStamp([pkg]);
    expect(first).toMatch(/^[0-9a-f]{40}$/);
    expect(hookApi.installStamp([pkg])).toBe(first);
    // A folder that is not there (a library's own node_modules, its packages hoisted) changes nothing.
    expect(hookApi.installStamp([pkg, path.join(dir, 'node_modules', 'awswo', 'node_modules')])).toBe(first);
    fs.writeFileSync(record, '{"lockfileVersion":3,"packages":{}}');
    expect(hookApi.installStamp([pkg])).not.toBe(first);
    // A folder in no node_modules: nothing tells when it is installed again.
    expect(hookApi.installStamp([dir])).toBeUndefined();
  });
});

describe('the grader\'s own code cache', () => {
  test('a command writes it at exit and the next one compiles from it; AWSWO_CODE_CACHE=off does neither', () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-gcc-'));
    try {
      const probe = [
        `const { LIBRARY_ROOT } = require(${JSON.stringify(path.join(LIBRARY_ROOT, 'bin/register-ts.js'))});`,
        `require(${JSON.stringify(path.join(LIBRARY_ROOT, 'bin/grader-code-cache.js'))}).start(LIBRARY_ROOT);`,
        // What a grade loads to judge a template.
        "require('cdk-nag');",
        `const hook = require(${JSON.stringify(HOOK)});`,
        "process.on('exit', () => console.log(JSON.stringify({ ...hook.stats(), served: hook.resolutionStats().served })));",
      ].join('\n');
      const run = (env: Record<string, string> = {}) => {
        const r = spawnSync(process.execPath, ['-e', probe], { cwd: LIBRARY_ROOT, encoding: 'utf8', env: { ...process.env, AWSWO_CACHE_DIR: cache, ...env } });
        if (r.status !== 0) throw new Error(r.stderr);
        return JSON.parse(r.stdout.trim().split('\n').pop()!);
      };
      expect(run()).toMatchObject({ used: 0, rejected: 0, served: 0 });
      expect(fs.readdirSync(path.join(cache, 'grader-code-cache')).filter((f) => f.endsWith('.bin')).length).toBe(1);
      const second = run();
      expect(second.compiled).toBeGreaterThan(100);
      expect(second).toMatchObject({ used: second.compiled, rejected: 0, compiled: second.compiled });
      // Its requires between the packages are answered from it too, but not under other export conditions.
      expect(second.served).toBeGreaterThan(100);
      expect(run({ NODE_OPTIONS: '--conditions=awswo-test' })).toMatchObject({ served: 0, rejected: 0 });
      expect(run({ AWSWO_CODE_CACHE: 'off' })).toEqual({ used: 0, rejected: 0, compiled: 0, served: 0 });
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  }, 60_000);
});
