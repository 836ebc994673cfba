import * as crypto from 'crypto';
import * as path from 'path';
import { keepMemo, recallMemo, sourceFingerprint } from '../cache';
import { BUNDLE_ROOT, labPackageVersions } from '../paths';
import type { SynthJob, SynthRun } from './harness';
import type { SynthIdentity } from './identity';
import type { SandboxLimits } from './pool';

/**
 * Syntheses already done, kept by everything that decides their outcome: the bundled code (the
 * lab, the library code it imports, the harness), the job (drill, module, budget, CIDR, how many
 * identities), the limits, and the sandbox itself (this Node, the packages it loads, the files
 * that start and confine it). The same key gives the same templates, so a second synthesis of
 * the same code is skipped; the identities are those the first one was drawn with, which the lab
 * could not predict then either.
 *
 * Opt-in (AWSWO_SYNTH_MEMO=on, or the `memo` grade option; AWSWO_SYNTH_MEMO=off refuses it): the
 * test suite grades the same labs again and again. A grade synthesizes by default: it is what a grade costs, and what `npm run
 * bench` measures. Only successful syntheses are kept, and only the grader writes them (the
 * sandbox cannot read or write this folder).
 */
export function synthMemoOn(asked?: boolean): boolean {
  // AWSWO_SYNTH_MEMO=off wins over a caller that asks for it: every synthesis runs.
  if (process.env.AWSWO_SYNTH_MEMO === 'off') return false;
  return asked ?? process.env.AWSWO_SYNTH_MEMO === 'on';
}

const FORMAT = 'awswo-synth-memo-3';
let sandboxPrint: string | undefined;

function sandboxFingerprint(): string {
  if (sandboxPrint) return sandboxPrint;
  const h = crypto.createHash('sha256').update(FORMAT).update(process.version).update(process.arch);
  for (const v of labPackageVersions()) h.update(`\n${v}`);
  // The code that starts and confines the sandbox (pool.ts, the child's runner, all they load): a change to any of it synthesizes again.
  h.update(`\n${sourceFingerprint(['lib/sandbox/pool.ts', 'lib/sandbox/child-runner.js'])}`);
  // The sandbox's environment: pool.ts hands it CDK_VALIDATION from the grader's.
  h.update(`\nCDK_VALIDATION=${process.env.CDK_VALIDATION ?? 'false'}`);
  return (sandboxPrint = h.digest('hex'));
}

/**
 * The key of one synthesis of `code` (bundled from a lab in `workspace`) for `job`, for
 * `identities`: a count of fresh ones (counted, not compared), or the fixed ones themselves.
 */
export function memoKey(code: string, workspace: string, job: Omit<SynthJob, 'outdir' | 'identities'>, identities: number | readonly SynthIdentity[], limits: SandboxLimits): string {
  const { drillId, module, budgetUsd, allowedCidr } = job;
  const decides = JSON.stringify({ drillId, module, budgetUsd, allowedCidr, identities, timeoutMs: limits.timeoutMs, memoryMb: limits.memoryMb });
  return crypto.createHash('sha256').update(sandboxFingerprint()).update('\0').update(decides).update('\0').update(placeless(code, workspace)).digest('hex');
}

const SOURCE_MAP = '\n//# sourceMappingURL=data:application/json;base64,';
const WORKSPACE_MARK = '\0workspace\0';

/**
 * The bundle with the workspace's place taken out: esbuild names each module's file (in comments
 * and the inline source map) relative to the file system's root (BUNDLE_ROOT), so the same lab in
 * two temporary workspaces bundles to code that differs in the workspace's path alone. A raw NUL
 * never appears in esbuild's output (it escapes it in strings), so a lab cannot spell the mark.
 */
function placeless(code: string, workspace: string): string {
  const rel = `${path.relative(BUNDLE_ROOT, workspace).split(path.sep).join('/')}/`;
  const at = code.lastIndexOf(SOURCE_MAP);
  const body = at >= 0 ? code.slice(0, at) : code;
  const map = at >= 0 ? Buffer.from(code.slice(at + SOURCE_MAP.length).trim(), 'base64').toString('utf8') : '';
  return `${body.split(rel).join(WORKSPACE_MARK)}\0${map.split(rel).join(WORKSPACE_MARK)}`;
}

const entry = (key: string) => `synth-memo/${key.slice(0, 2)}/${key}.json.gz`;

/** The runs kept for `key`, one per identity asked for, or undefined (none, or unreadable: it synthesizes again). */
export function recall(key: string, identities: number): SynthRun[] | undefined {
  const runs = recallMemo<SynthRun[]>(entry(key), key);
  return Array.isArray(runs) && runs.length === identities ? runs : undefined;
}

/** Keeps a successful synthesis; a failure only costs time. */
export function remember(key: string, runs: readonly SynthRun[]): void {
  keepMemo(entry(key), key, runs);
}
