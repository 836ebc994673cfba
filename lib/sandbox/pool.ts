import { ChildProcess, fork } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { labPackageFolders, LIBRARY_ROOT } from '../paths';
import { codeCacheDir, labInstallStamp, SANDBOX_V8_FLAGS } from './code-cache';
import type { SynthJob, SynthRun } from './harness';

/** Limits one lab's synthesis runs under. */
export interface SandboxLimits {
  /** Wall-clock limit of one synthesis, ms (default 60 s: `--synth-timeout S`). */
  readonly timeoutMs: number;
  /** Memory limit of the synthesis process, MiB (V8 heap, and resident size where /proc tells). */
  readonly memoryMb: number;
}

export const DEFAULT_LIMITS: SandboxLimits = { timeoutMs: 60_000, memoryMb: 1024 };

/** How the code cache served a synthesis (as the process reported it: a figure, not evidence). */
export interface CodeCacheUse {
  readonly used: number;
  readonly rejected: number;
  readonly compiled: number;
  /** Requires answered by the cache's resolutions. */
  readonly resolved: number;
}

export type SynthOutcome =
  | { readonly ok: true; readonly runs: readonly SynthRun[]; readonly output: readonly string[]; readonly codeCache?: CodeCacheUse }
  | { readonly ok: false; readonly reason: 'timeout' | 'memory' | 'exit' | 'error'; readonly message: string; readonly errorName?: string; readonly output: readonly string[] };

/** Modules the child loads before it receives a lab, so a lab's own require is a cache hit. */
const PRELOAD = [
  'aws-cdk-lib', 'aws-cdk-lib/core', 'aws-cdk-lib/aws-iam', 'aws-cdk-lib/aws-ec2', 'aws-cdk-lib/aws-s3', 'aws-cdk-lib/aws-lambda',
  'aws-cdk-lib/aws-logs', 'aws-cdk-lib/aws-sns', 'aws-cdk-lib/aws-sns-subscriptions', 'aws-cdk-lib/aws-budgets',
  'aws-cdk-lib/aws-scheduler', 'aws-cdk-lib/aws-cloudwatch', 'aws-cdk-lib/aws-rds', 'constructs',
];

/** Lines of the lab's own output kept for an error message. */
const KEPT_LINES = 20;
const NOISE = [/ExperimentalWarning: Permission is an experimental feature/, /Use `node --trace-warnings/];

// The packages a synthesis loads (from the library's node_modules in a checkout, the project's when installed as a package).
const LAB_PACKAGES = labPackageFolders();
const RUNNER = fs.realpathSync(path.join(LIBRARY_ROOT, 'lib/sandbox/child-runner.js'));
const CODE_CACHE_HOOK = fs.realpathSync(path.join(LIBRARY_ROOT, 'lib/sandbox/code-cache-hook.js'));
const PRELOADED = PRELOAD.map((m) => require.resolve(m, { paths: [LIBRARY_ROOT] }));

const permissionFlag = Number(process.versions.node.split('.')[0]) >= 22 ? '--permission' : '--experimental-permission';

interface Warm {
  readonly child: ChildProcess;
  /** The only folder the child may read (besides the lab packages and the runner) and write. */
  readonly dir: string;
  readonly ready: Promise<void>;
  readonly output: string[];
}

/**
 * Processes started before the grader has loaded (startSandboxEarly): the first pool of the run
 * adopts them. They hold no lab yet, only aws-cdk-lib; unused ones are killed when the run ends.
 */
const early: Array<{ warm: Warm; memoryMb: number }> = [];

/**
 * Starts one sandbox process now, so that Node's start and aws-cdk-lib's preload overlap the
 * grader loading its own modules (a command that will grade calls this first).
 */
export function startSandboxEarly(limits: SandboxLimits = DEFAULT_LIMITS): void {
  if (early.length > 0) return;
  const warm = spawnSandbox(limits);
  // Until a pool adopts it, it must not keep the grader running (a command that fails first exits).
  holdsRun(warm, false);
  early.push({ warm, memoryMb: limits.memoryMb });
  process.once('exit', () => {
    for (const e of early.splice(0)) killWarm(e.warm);
  });
}

/** Whether the process (its IPC channel and output pipes) keeps the grader's event loop alive. */
function holdsRun(w: Warm, hold: boolean): void {
  const handles = [w.child, w.child.channel, w.child.stdout, w.child.stderr] as Array<{ ref?: () => void; unref?: () => void } | null | undefined>;
  for (const h of handles) (hold ? h?.ref : h?.unref)?.call(h);
}

function killWarm(w: Warm): void {
  w.child.kill('SIGKILL');
  fs.rmSync(w.dir, { recursive: true, force: true });
}

/**
 * Sandboxed synthesis processes. Each runs under Node's permission model with a heap limit, is
 * started before it is needed (aws-cdk-lib preloaded while the grader bundles the lab), synthesizes
 * exactly one lab, and is killed on timeout or memory overrun. A process never runs a second lab.
 */
export class SynthPool {
  private readonly warm: Warm[] = [];
  private remaining: number;
  private closed = false;
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  /** `jobs`: how many syntheses this run will ask for (at most `parallel` processes are kept warm). */
  constructor(jobs: number, readonly limits: SandboxLimits = DEFAULT_LIMITS, private readonly parallel = Math.max(1, os.availableParallelism())) {
    this.remaining = jobs;
    // A process started early with the same limits is as fresh as a new one: it has run no lab.
    const adopt = early.findIndex((e) => e.memoryMb === limits.memoryMb && e.warm.child.exitCode === null);
    if (adopt >= 0 && jobs > 0) {
      const { warm } = early.splice(adopt, 1)[0];
      holdsRun(warm, true);
      this.warm.push(warm);
    }
    this.topUp();
  }

  /**
   * Synthesizes one bundled lab in a fresh sandboxed process. `codeCache`: the code cache file
   * (codeCacheDir) to compile aws-cdk-lib with, asked as the job is sent. `saveCodeCache`: where to
   * put the code cache of this run (merged with the one it read), with what its head says; only for
   * the library's own code, since the process writes it itself.
   */
  async synthesize(bundleCode: string, job: Omit<SynthJob, 'outdir'>, cache: { readonly codeCache?: () => string | undefined; readonly saveCodeCache?: { readonly file: string; readonly meta: unknown } } = {}): Promise<SynthOutcome> {
    if (this.closed) throw new Error('the synthesis pool is closed');
    // At most `parallel` labs synthesize at once; the others wait for a process.
    if (this.active >= this.parallel) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    this.remaining = Math.max(0, this.remaining - 1);
    const warm = this.warm.shift() ?? this.spawn();
    this.topUp();
    try {
      const bundle = path.join(warm.dir, 'lab.bundle.js');
      fs.writeFileSync(bundle, bundleCode);
      const outdir = path.join(warm.dir, 'out');
      fs.mkdirSync(outdir);
      const written = cache.saveCodeCache ? path.join(warm.dir, 'code-cache.bin') : undefined;
      const outcome = await this.run(warm, bundle, { ...job, outdir }, { codeCache: cache.codeCache, saveCodeCache: written && cache.saveCodeCache ? { file: written, meta: cache.saveCodeCache.meta } : undefined });
      if (outcome.ok && written && cache.saveCodeCache) placeFile(written, cache.saveCodeCache.file);
      return outcome;
    } finally {
      warm.child.kill('SIGKILL');
      fs.rmSync(warm.dir, { recursive: true, force: true });
      this.active--;
      this.waiting.shift()?.();
    }
  }

  /** `jobs` more syntheses than the pool was made for (processes are started for them ahead); fewer when negative. */
  expect(jobs: number): void {
    this.remaining = Math.max(0, this.remaining + jobs);
    this.topUp();
  }

  /** Kills the processes still waiting; call when the run is over. */
  close(): void {
    this.closed = true;
    for (const w of this.warm.splice(0)) killWarm(w);
  }

  private topUp(): void {
    while (!this.closed && this.warm.length < Math.min(this.parallel, this.remaining)) this.warm.push(this.spawn());
  }

  private spawn(): Warm {
    return spawnSandbox(this.limits);
  }

  private run(warm: Warm, bundle: string, job: SynthJob, cache: { codeCache?: () => string | undefined; saveCodeCache?: { file: string; meta: unknown } }): Promise<SynthOutcome> {
    const { child, output } = warm;
    const limits = this.limits;
    return new Promise<SynthOutcome>((resolve) => {
      let settled = false;
      const finish = (o: SynthOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(watch);
        resolve(o);
      };
      const timer = setTimeout(
        () => finish({ ok: false, reason: 'timeout', message: `the synthesis took longer than the ${limits.timeoutMs / 1000} s limit (--synth-timeout)`, output }),
        limits.timeoutMs,
      );
      const watch = setInterval(() => {
        const rss = residentMb(child.pid);
        // The heap limit catches most; this catches memory outside the V8 heap (buffers, arrays).
        if (rss !== undefined && rss > limits.memoryMb + 512) {
          finish({ ok: false, reason: 'memory', message: `the synthesis used more than the ${limits.memoryMb} MiB memory limit`, output });
        }
      }, 100);
      child.on('message', (m: { type?: string; json?: unknown; name?: string; message?: string; stack?: string; codeCache?: CodeCacheUse }) => {
        if (m?.type === 'result') {
          // The templates cross back as JSON text and are parsed here, in the grader: data, nothing else.
          let runs: unknown;
          try {
            runs = typeof m.json === 'string' ? JSON.parse(m.json) : undefined;
          } catch {
            runs = undefined;
          }
          if (Array.isArray(runs)) finish({ ok: true, runs: runs as SynthRun[], output, codeCache: codeCacheUse(m.codeCache) });
          else finish({ ok: false, reason: 'error', message: 'the synthesis sent back something that is not a list of templates', output });
        }
        else if (m?.type === 'error') finish({ ok: false, reason: 'error', errorName: m.name, message: String(m.message ?? 'unknown error'), output });
      });
      child.once('exit', (code, signal) => {
        // Killed after its result (every process is): nothing to judge, and no timer to keep the grader waiting.
        if (settled) return;
        // Let the last output and messages arrive before judging how it ended.
        setTimeout(() => {
          const heap = output.some((l) => /heap out of memory|Allocation failed|Reached heap limit/i.test(l));
          if (heap) finish({ ok: false, reason: 'memory', message: `the synthesis ran out of memory (limit ${limits.memoryMb} MiB)`, output });
          else finish({ ok: false, reason: 'exit', message: `the lab ended the synthesis process (${signal ? `signal ${signal}` : `exit code ${code}`}) before it produced a template`, output });
        }, 20);
      });
      void warm.ready.then(() => {
        if (settled) return;
        // The code cache is chosen as the job leaves: one made meanwhile (by this run) counts.
        if (child.connected) child.send({ type: 'job', bundle, job, codeCache: cache.codeCache?.(), installStamp: labInstallStamp(), saveCodeCache: cache.saveCodeCache });
        else finish({ ok: false, reason: 'exit', message: `the synthesis process could not start${output[0] ? ` (${output[0]})` : ''}`, output });
      });
    });
  }
}

function codeCacheUse(v: unknown): CodeCacheUse | undefined {
  const u = v as Partial<CodeCacheUse> | undefined;
  return u && [u.used, u.rejected, u.compiled, u.resolved].every((n) => typeof n === 'number') ? (u as CodeCacheUse) : undefined;
}

/** Moves a file into place whole (a concurrent reader sees the old file or the new one). */
function placeFile(from: string, to: string): void {
  try {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    const tmp = `${to}.${process.pid}.tmp`;
    fs.copyFileSync(from, tmp);
    fs.renameSync(tmp, to);
  } catch {
    // Not writable: the next run compiles without it.
  }
}

/** The resident memory of a process in MiB, where /proc tells (Linux); undefined elsewhere. */
function residentMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** A sandbox process: permission model, heap limit, nothing of the grader's environment. */
function spawnSandbox(limits: SandboxLimits): Warm {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-synth-')));
  fs.chmodSync(dir, 0o700);
  const child = fork(RUNNER, [JSON.stringify({ preload: PRELOADED, packages: LAB_PACKAGES })], {
    cwd: dir,
    execArgv: [
      permissionFlag,
      ...LAB_PACKAGES.map((m) => `--allow-fs-read=${m}`),
      `--allow-fs-read=${RUNNER}`,
      `--allow-fs-read=${CODE_CACHE_HOOK}`,
      // Code caches of aws-cdk-lib, written by the grader's own runs: bytecode of public packages.
      `--allow-fs-read=${codeCacheDir()}`,
      `--allow-fs-read=${dir}`,
      `--allow-fs-write=${dir}`,
      `--max-old-space-size=${limits.memoryMb}`,
      '--enable-source-maps',
      ...SANDBOX_V8_FLAGS,
    ],
    // Nothing of the grader's environment: no AWS credentials, no tokens, no NODE_OPTIONS.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, TMPDIR: dir, CDK_VALIDATION: process.env.CDK_VALIDATION ?? 'false' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() && output.length < KEPT_LINES && !NOISE.some((n) => n.test(line))) output.push(line);
    }
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  // A child that cannot start (or is killed while warm) must not crash the grader.
  child.on('error', () => undefined);
  const ready = new Promise<void>((resolve) => {
    const onMessage = (m: { type?: string }) => {
      if (m?.type === 'ready') {
        child.off('message', onMessage);
        resolve();
      }
    };
    child.on('message', onMessage);
    child.once('exit', () => resolve());
  });
  return { child, dir, ready, output };
}
