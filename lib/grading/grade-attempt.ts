import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import type { Drill, Objective, StaticCheck, StaticEvidence } from '../model/drill';
import type { Status, Verdict } from '../model/verdict';
import type { DrillError, GradeResult, ObjectiveResult } from '../model/result';
import type { NagFinding } from '../model/evidence';
import type { TemplateJson } from '../model/template';
import { LAB_DEFAULTS } from '../lab/lab-context';
import { parseRunbook } from '../checks/documents/runbook';
import { bundleLab, LabBuildError } from '../sandbox/bundle';
import { codeCacheFile, labCodeCache } from '../sandbox/code-cache';
import type { LabAcknowledgement, SynthJob, SynthRun } from '../sandbox/harness';
import { BASELINE_IDENTITY, freshIdentity, normaliseIdentity, normaliseTemplate, SynthIdentity } from '../sandbox/identity';
import { DEFAULT_LIMITS, SandboxLimits, SynthOutcome, SynthPool } from '../sandbox/pool';
import { memoKey, recall, remember, synthMemoOn } from '../sandbox/synth-memo';
import { TypeChecker, TypeDiagnostic } from '../sandbox/typecheck';
import { Attempt, pristineAttempt } from './attempt';
import { readBaseline, readBaselineAcknowledgements } from './baseline';
import { firstLine, GradeInputError } from './errors';
import { checkedFile, MAX_LAB_BYTES, readDocument } from './inputs';
import { acknowledgementFor } from './nag-findings';
import { inProcess, NagJudge, nagJudge } from './nag-judge';
import { memoNagJudge } from './nag-memo';
import type { scopeDiff as ScopeDiff } from './scope-diff';
import { acrossVariants, combinedScope, variantsToGrade } from './variants';

export interface GradeOptions {
  /** Time and memory limits of each lab's sandboxed synthesis. */
  readonly limits?: SandboxLimits;
  /**
   * Shared by the gradings of a batch (a class gradebook): one pool bounds the sandboxed processes
   * of every grading, one type checker keeps its compiler warm. The caller closes them.
   */
  readonly shared?: { readonly pool: SynthPool; readonly typeChecker: TypeChecker };
  /** One line per step of a long run (stderr in the CLI). */
  readonly progress?: (line: string) => void;
  /**
   * Skip the synthesis of code synthesized before, with the same job, limits and sandbox
   * (lib/sandbox/synth-memo.ts); default: AWSWO_SYNTH_MEMO=on. The test suite's choice, not a grade's.
   */
  readonly memo?: boolean;
}

/** One attempt to grade, and the drill it is an attempt at. */
export interface GradeItem {
  readonly drill: Drill;
  readonly attempt: Attempt;
}

/** What the static grade hands on: the result, and the template it judged (for live checks). */
export interface StaticGrade {
  readonly result: GradeResult;
  /** The student's synthesized template, when synthesis succeeded. */
  readonly template?: TemplateJson;
  /** The identity it was synthesized for. */
  readonly identity?: SynthIdentity;
  /** The documents read with the lab. */
  readonly documents?: StaticEvidence['documents'];
  /** What the lab acknowledges (`Validations.of(x).acknowledge`), when synthesis succeeded. */
  readonly labAcknowledgements?: readonly LabAcknowledgement[];
}

/** An attempt after its isolated synthesis: the templates (as data), or why there are none. */
export interface Synthesized {
  readonly item: GradeItem;
  readonly started: number;
  readonly shown: (file: string) => string;
  readonly documents?: StaticEvidence['documents'];
  /** One synthesis per identity, when everything went well. */
  readonly runs?: readonly SynthRun[];
  readonly error?: DrillError;
}

export interface SynthesizeOptions extends GradeOptions {
  /** Type-check the labs (default true; the cost estimate does not need it). */
  readonly typecheck?: boolean;
  /** Read the drills' documents (default true). */
  readonly documents?: boolean;
  /** Warm the judging modules while the sandbox synthesizes (default true; the cost estimate judges nothing). */
  readonly warmJudge?: boolean;
  /** Where cdk-nag runs (default: in this thread); warmed on a baseline during the synthesis. */
  readonly nag?: NagJudge;
}

/**
 * The isolated synthesis step: each lab is bundled and type-checked in the grader (the compiler
 * reads it, nothing runs it), then synthesized in a sandboxed child process twice, for two fresh
 * identities; only the templates cross back. What goes wrong is that attempt's error alone.
 */
export async function synthesizeAttempts(items: readonly GradeItem[], opts: SynthesizeOptions = {}): Promise<Synthesized[]> {
  const memo = synthMemoOn(opts.memo);
  const limits = opts.shared?.pool.limits ?? opts.limits ?? DEFAULT_LIMITS;
  // With the memo, processes are started for the syntheses it does not hold, once that is known.
  const pool = opts.shared?.pool ?? new SynthPool(memo ? 0 : items.length, limits);
  const types = opts.typecheck === false ? undefined : opts.shared?.typeChecker ?? new TypeChecker();
  const nag = opts.nag ?? inProcess;
  try {
    // Bundle first (fast), so that every lab of a workspace is type-checked in one compiler run.
    const prepared = await Promise.all(items.map((item) => prepare(item, opts.documents !== false)));
    const typeChecks = new Map<string, Promise<Map<string, TypeDiagnostic[]> | Error>>();
    if (types) {
      const byWorkspace = new Map<string, Prepared[]>();
      for (const p of prepared) if (p.bundle) byWorkspace.set(p.item.attempt.workspace, [...(byWorkspace.get(p.item.attempt.workspace) ?? []), p]);
      for (const [workspace, list] of byWorkspace) {
        typeChecks.set(workspace, types.check(workspace, list.map((p) => ({ labFile: p.item.attempt.labFile, inputs: p.bundle!.inputs }))).catch((e: Error) => e));
      }
    }
    // Attempts whose bundles are the same code (the same lab with other documents) share one synthesis.
    const shared = new Map<string, Promise<SynthOutcome>>();
    const sameCode = (drillId: string, code: string) => `${drillId}\0${code}`;
    const bundled = prepared.filter((p) => p.bundle);
    const unique = new Map(bundled.map((p) => [sameCode(p.item.drill.id, p.bundle!.code), p]));
    // With the memo: what it holds is not synthesized again (lib/sandbox/synth-memo.ts).
    const memoKeys = new Map(memo ? [...unique].map(([key, p]) => [key, memoKey(p.bundle!.code, p.item.attempt.workspace, labJob(p.item.drill), IDENTITIES, limits)]) : []);
    const recalled = new Map([...memoKeys].flatMap(([key, m]) => {
      const runs = recall(m, IDENTITIES);
      return runs ? [[key, runs] as const] : [];
    }));
    const toSynthesize = [...unique.keys()].filter((k) => !recalled.has(k));
    // The code cache is made only when something is synthesized.
    const codeCache = toSynthesize.length ? labCodeCaches(items, pool) : () => undefined;
    const synthesizeShared = (code: string, job: Omit<SynthJob, 'outdir'>) => {
      const key = sameCode(job.drillId, code);
      let outcome = shared.get(key);
      if (!outcome) {
        const runs = recalled.get(key);
        const m = memoKeys.get(key);
        if (runs) outcome = Promise.resolve({ ok: true as const, runs, output: [] });
        else outcome = pool.synthesize(code, job, { codeCache });
        if (!runs && m) void outcome.then((o) => o.ok && remember(m, o.runs));
        shared.set(key, outcome);
      }
      return outcome;
    };
    pool.expect(memo && !opts.shared ? toSynthesize.length : toSynthesize.length - bundled.length);
    const synthesized = Promise.all(prepared.map((p) => synthesizeOne(p, synthesizeShared, typeChecks.get(p.item.attempt.workspace))));
    if (opts.warmJudge !== false) warmJudging(items, nag);
    return await synthesized;
  } finally {
    // Past the synthesis the warm-up has nothing to overlap: judging loads what it needs itself.
    clearTimeout(warmUp);
    // A judge this function chose is its own to close; a caller's judge is the caller's.
    if (nag !== opts.nag) nag.close();
    if (!opts.shared) {
      pool.close();
      types?.close();
    }
  }
}

/**
 * Grades attempts statically, each in isolation (synthesizeAttempts), then, in the grader's
 * process alone: one baseline read, the scope diff, cdk-nag on the template, the documents,
 * every objective's checks. A drill that cannot be graded is an ERROR result of its own: the
 * others are graded all the same.
 */
export async function gradeStatic(items: readonly GradeItem[], opts: GradeOptions = {}): Promise<StaticGrade[]> {
  // With the memo (the test suite), findings of a template judged before are not computed again.
  const nag = synthMemoOn(opts.memo) ? memoNagJudge(nagJudge()) : nagJudge();
  try {
    const synthesized = await synthesizeAttempts(items, { ...opts, nag });
    const grades: StaticGrade[] = [];
    for (const [i, s] of synthesized.entries()) {
      const grade = await judge(s, nag);
      if (items.length > 1) opts.progress?.(`graded ${s.item.drill.id} (${i + 1}/${items.length}): ${grade.result.status.toUpperCase()}`);
      grades.push(grade);
    }
    return grades;
  } finally {
    nag.close();
  }
}

interface Prepared {
  readonly item: GradeItem;
  readonly started: number;
  readonly shown: (file: string) => string;
  readonly documents?: StaticEvidence['documents'];
  readonly bundle?: { readonly code: string; readonly inputs: readonly string[] };
  readonly error?: DrillError;
}

/** Reads the documents (bounded) and bundles the lab; what goes wrong is this drill's ERROR. */
async function prepare(item: GradeItem, readDocs: boolean): Promise<Prepared> {
  const started = Date.now();
  const { attempt } = item;
  const shown = (file: string) => path.relative(attempt.workspace, file) || file;
  try {
    const documents: Record<string, { file: string; text: string }> = {};
    if (readDocs) {
      for (const [name, file] of Object.entries(attempt.documents)) {
        documents[name] = { file: shown(file), text: readDocument(file, attempt.workspace, shown(file), name === 'RUNBOOK.md' ? 'runbook' : 'document') };
      }
    }
    checkedFile(attempt.labFile, attempt.workspace, shown(attempt.labFile), MAX_LAB_BYTES, 'lab file');
    const bundle = await bundleLab(attempt.labFile, { workspace: attempt.workspace, shownAs: shown });
    return { item, started, shown, documents, bundle };
  } catch (err) {
    if (err instanceof GradeInputError) return { item, started, shown, error: { kind: 'input', message: err.message } };
    if (err instanceof LabBuildError) return { item, started, shown, error: { kind: 'build', message: `${shown(attempt.labFile)} does not compile: ${err.message}` } };
    return { item, started, shown, error: { kind: 'grader', message: `could not prepare ${shown(attempt.labFile)}: ${firstLine(err)}` } };
  }
}

/**
 * The code cache the labs synthesize with (lib/sandbox/code-cache.ts). When it does not yet cover
 * a drill of this run, it is made anew from the library's own pristine labs of the run's drills,
 * alongside the attempts: those that start once it is ready use it. Never made from an attempt:
 * that is a student's code.
 */
function labCodeCaches(items: readonly GradeItem[], pool: SynthPool): () => string | undefined {
  if (process.env.AWSWO_CODE_CACHE === 'off') return () => undefined;
  const drills = [...new Map(items.map(({ drill }) => [drill.id, drill])).values()];
  const file = codeCacheFile();
  const { making } = labCodeCache(pool, drills.map((d) => ({ labFile: pristineAttempt(d).labFile, drillId: d.id, module: d.module })));
  if (making) pool.expect(1);
  // The file is written whole (renamed into place): there or not, never half.
  return () => (fs.existsSync(file) ? file : undefined);
}

/** A graded lab is synthesized this many times, each for a fresh identity (differsByIdentity compares them). */
const IDENTITIES = 2;

/** What a lab's synthesis is asked for, besides the identities. */
const labJob = (drill: Drill) => ({ drillId: drill.id, module: drill.module, budgetUsd: LAB_DEFAULTS.budgetUsd });

async function synthesizeOne(p: Prepared, synthesize: (code: string, job: Omit<SynthJob, 'outdir'>) => Promise<SynthOutcome>, typeCheck: Promise<Map<string, TypeDiagnostic[]> | Error> | undefined): Promise<Synthesized> {
  const { drill, attempt } = p.item;
  const base = { item: p.item, started: p.started, shown: p.shown, documents: p.documents };
  if (p.error || !p.bundle) return { ...base, error: p.error };
  // Identities the lab's code cannot name: nothing of them appears in the bundle.
  const first = freshIdentity([], p.bundle.code);
  const second = freshIdentity([first], p.bundle.code);
  const synth = synthesize(p.bundle.code, { ...labJob(drill), identities: [first, second] });
  const [outcome, diagnostics] = await Promise.all([synth, typeCheck]);
  if (diagnostics instanceof Error) return { ...base, error: { kind: 'grader', message: `the type check could not run: ${firstLine(diagnostics)}` } };
  const typeErrors = diagnostics?.get(attempt.labFile) ?? [];
  if (typeErrors.length) {
    const listed = typeErrors.slice(0, 3).map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('; ');
    const more = typeErrors.length > 3 ? ` (and ${typeErrors.length - 3} more)` : '';
    return { ...base, error: { kind: 'types', message: `${p.shown(attempt.labFile)} has type errors: ${listed}${more}` } };
  }
  if (!outcome.ok) return { ...base, error: synthError(outcome, p.shown(attempt.labFile)) };
  if (outcome.runs.some((r) => !isTemplate(r.template))) {
    return { ...base, error: { kind: 'synth', message: `the synthesis of ${p.shown(attempt.labFile)} returned no CloudFormation template` } };
  }
  return { ...base, runs: outcome.runs };
}

// The scope diff (and cloudformation-diff under it) loads on the first judgement, like cdk-nag:
// during the synthesis (warmJudging), not before the lab is even bundled.
const scopeDiff = () => (require('./scope-diff') as { scopeDiff: typeof ScopeDiff }).scopeDiff;

let warmed = false;
let warmUp: NodeJS.Timeout | undefined;

/**
 * While the sandbox synthesizes (another process, another core), the grader would sit idle and then
 * load, on judging, cdk-nag and the aws-cdk-lib modules it reads the template back with. Once per
 * process, the nag judge (its worker, or this thread) judges a baseline this run needs meanwhile,
 * and this thread loads the scope diff (and the runbook parser, if a runbook is read) and
 * normalises the baselines, so those costs overlap the synthesis.
 */
function warmJudging(items: readonly GradeItem[], nag: NagJudge): void {
  if (warmed || items.length === 0) return;
  warmed = true;
  try {
    nag.warm(readBaseline(items[0].drill));
  } catch {
    // Only a head start: judging reads and reports the baseline itself.
  }
  warmUp = setTimeout(() => {
    scopeDiff();
    // The runbook parser, for a run that reads runbooks.
    if (items.some((i) => i.attempt.documents['RUNBOOK.md'])) parseRunbook('', 'RUNBOOK.md');
    // What judging each drill asks of its baseline alone: the baseline read and normalised.
    for (const drill of new Set(items.map((i) => i.drill))) {
      try {
        normaliseTemplate(readBaseline(drill), BASELINE_IDENTITY);
      } catch {
        // Judging reports it.
      }
    }
  }, 20).unref();
}

/** Judges one synthesized attempt: scope, nag, documents, every objective; in the grader's process. */
async function judge(s: Synthesized, nag: NagJudge): Promise<StaticGrade> {
  const { drill, attempt } = s.item;
  if (s.error || !s.runs) return { result: errorResult(drill, s.error!, s.started) };
  const runs = s.runs;
  const first = runs[0].identity;
  const template = runs[0].template as TemplateJson;
  // cdk-nag (perhaps in its worker) judges the template first, while this thread reads the rest.
  const nagTemplate = nag.findings(template, runs[0].acknowledgements);
  // If something below throws first, a failing judgement of cdk-nag must not go unhandled.
  nagTemplate.catch(() => undefined);
  try {
    const baseline = readBaseline(drill);
    const byLab = madeByLab(readBaselineAcknowledgements(drill), first);
    const normalisedBaseline = normaliseTemplate(baseline, BASELINE_IDENTITY);
    const runbookDoc = s.documents?.['RUNBOOK.md'];
    const runbook = runbookDoc ? { ...parseRunbook(runbookDoc.text, runbookDoc.file), path: attempt.documents['RUNBOOK.md'] } : undefined;
    const environment = runs[0].environment;
    // Each template CloudFormation would deploy (conditions evaluated over every region, account and
    // parameter value) is judged: an objective passes only if it passes in every one of them.
    const variants = variantsToGrade(template, environment, first, s.shown(attempt.labFile));
    // ... and each other variant's while this thread diffs the scope.
    const nagged = Promise.all([nagTemplate, ...(variants.length === 1 ? [] : variants.map((v) => nag.findings(v.template, runs[0].acknowledgements)))]);
    nagged.catch(() => undefined);
    const pinnedAccount = environment.account === first.account ? undefined : environment.account;
    const scopes = variants.map((v) => scopeDiff()(normalisedBaseline, normaliseTemplate(v.template, first), drill.scope, { pinnedAccount }));
    const identityProblem = differsByIdentity(runs);
    const evidenceOf = (i: number, nag: readonly NagFinding[]): StaticEvidence =>
      ({ template: variants[i].template, baseline, nag, scope: scopes[i], runbook, documents: s.documents ?? {}, identity: first, environment });
    // While cdk-nag judges on its own thread, this one runs every check that does not read its
    // findings; a check that asks for them runs (again) once they are here.
    const early = variants.map((_, i) => drill.objectives.map((o) => o.checks.map((c) => beforeNag((pending) => timedCheck(c, evidenceOf(i, pending))))));
    const [findings, ...perVariant] = await nagged;
    const judged = variants.map((v, i) => ({ label: v.label, evidence: evidenceOf(i, variants.length === 1 ? findings : perVariant[i]) }));
    const scope = combinedScope(judged.map((j) => ({ label: j.label, scope: j.evidence.scope })));
    const objectives = drill.objectives.map((o, k) => acrossVariants(judged.map((j, i) => ({
      label: j.label,
      result: objectiveResult(o, o.checks.map((c, n) => early[i][k][n] ?? timedCheck(c, j.evidence)), j.evidence.scope.violations, identityProblem),
    }))));
    const status = worst(objectives.map((o) => o.status));
    return {
      template,
      identity: first,
      documents: s.documents,
      labAcknowledgements: runs[0].acknowledgements,
      result: {
        drill: drill.id,
        module: drill.module,
        title: drill.title,
        passed: status === 'pass',
        status,
        objectives,
        scope,
        // What the lab acknowledged that the grader found anyway: ignored, but shown, each marked by
        // whether the pristine lab gives that reason for that rule there (its own) or not (the student's).
        acknowledgements: findings
          .filter((f) => f.acknowledgedWith !== undefined && !f.path.startsWith('AwswoGuardrails/'))
          .map((f) => ({ rule: f.rule, path: f.path, reason: f.acknowledgedWith! }))
          .map((a) => ({ ...a, byLab: byLab(a) })),
        durationMs: Date.now() - s.started,
      },
    };
  } catch (err) {
    if (err instanceof GradeInputError) return { result: errorResult(drill, { kind: 'input', message: err.message }, s.started) };
    return { result: errorResult(drill, { kind: 'grader', message: `the grader could not judge the template: ${firstLine(err)}` }, s.started) };
  }
}

/**
 * Whether the pristine lab gives the same reason for the same rule on the same resource, the
 * identities (a stack name in a rule id) normalised away on both sides.
 */
function madeByLab(pristine: readonly LabAcknowledgement[], identity: SynthIdentity): (a: LabAcknowledgement) => boolean {
  const lab = normaliseIdentity(pristine, BASELINE_IDENTITY);
  return (a) => {
    const n = normaliseIdentity(a, identity);
    return acknowledgementFor(lab, n.path, n.rule) === n.reason;
  };
}

const isTemplate = (t: unknown): t is TemplateJson =>
  !!t && typeof t === 'object' && !Array.isArray(t) && !!(t as TemplateJson).Resources && typeof (t as TemplateJson).Resources === 'object';

function synthError(o: Extract<SynthOutcome, { ok: false }>, lab: string): DrillError {
  const lines = o.output.slice(0, 5);
  const printed = lines.length ? ` (the lab printed: ${lines.map((l) => l.trim()).join(' | ')})` : '';
  const what = o.reason === 'error' ? `${lab} failed to synthesize: ${firstLine(o.message)}` : `${lab}: ${o.message}`;
  return { kind: 'synth', message: `${what}${printed}`, output: o.output };
}

/**
 * Two syntheses for different identities must give the same template once the identity is
 * normalised: a lab that looks at who is deploying it (to behave well only for the grader) fails.
 */
function differsByIdentity(runs: readonly SynthRun[]): string | undefined {
  if (runs.length < 2) return undefined;
  const [a, b] = runs.map((r) => normaliseTemplate(r.template as TemplateJson, r.identity));
  if (isDeepStrictEqual(a, b)) return undefined;
  const ids = new Set([...Object.keys(a.Resources ?? {}), ...Object.keys(b.Resources ?? {})]);
  const differing = [...ids].filter((id) => !isDeepStrictEqual(a.Resources?.[id], b.Resources?.[id]));
  const shown = differing.length ? `resources ${differing.slice(0, 3).join(', ')}${differing.length > 3 ? ` and ${differing.length - 3} more` : ''} differ` : 'the templates differ';
  return `the lab synthesizes differently for different students or accounts (${shown}): a lab must build the same stack whoever deploys it`;
}

/**
 * What `judgeWith` gives back when it does not read cdk-nag's findings, which are not known yet;
 * undefined if it does (the check runs again with them). `pending` stands for the findings:
 * reading it at all voids the result, whatever the check does with the error it throws.
 */
function beforeNag<T>(judgeWith: (pending: readonly NagFinding[]) => T): T | undefined {
  let asked = false;
  const notYet = (): never => {
    asked = true;
    throw new Error('cdk-nag findings are not known yet');
  };
  // Every way of looking at an array: its elements, length, methods, keys, prototype.
  const pending = new Proxy([] as NagFinding[], { get: notYet, has: notYet, ownKeys: notYet, getOwnPropertyDescriptor: notYet, getPrototypeOf: notYet });
  const result = judgeWith(pending);
  return asked ? undefined : result;
}

/** Runs one check; a check that throws is an error, never a pass. */
function runCheck(run: () => Verdict): Verdict {
  try {
    const v = run();
    if (!v || (v.status !== 'pass' && v.status !== 'fail' && v.status !== 'error')) return { status: 'error', message: 'the check returned no verdict' };
    return v;
  } catch (err) {
    return { status: 'error', message: `check could not run: ${firstLine(err)}` };
  }
}

const RANK: Record<Status, number> = { pass: 0, fail: 1, error: 2 };
export const worst = (statuses: readonly Status[]): Status => statuses.reduce<Status>((w, s) => (RANK[s] > RANK[w] ? s : w), 'pass');

/** One check's verdict, and how long it took (ms). */
interface TimedVerdict {
  readonly verdict: Verdict;
  readonly ms: number;
}

function timedCheck(c: StaticCheck, evidence: StaticEvidence): TimedVerdict {
  const started = performance.now();
  const verdict = runCheck(() => c.run(evidence));
  return { verdict, ms: performance.now() - started };
}

/** An objective from its checks' verdicts (in the order of `o.checks`). */
function objectiveResult(o: Objective, verdicts: readonly TimedVerdict[], scopeViolations: readonly string[], identityProblem?: string): ObjectiveResult {
  const checks = o.checks.map((c, n) => ({ id: c.id, ...verdicts[n].verdict }));
  const bad = checks.find((c) => c.status === 'error') ?? checks.find((c) => c.status === 'fail');
  let status: Status = bad ? bad.status : 'pass';
  let message = bad ? bad.message : checks.map((c) => c.message).join('; ');
  if (status === 'pass' && identityProblem) {
    status = 'fail';
    message = identityProblem;
  } else if (status === 'pass' && scopeViolations.length > 0) {
    status = 'fail';
    message = `the checks pass, but the change is out of scope: ${scopeViolations.join('; ')}`;
  }
  const ms = verdicts.reduce((sum, v) => sum + v.ms, 0);
  return { id: o.id, title: o.title, status, message, hint: o.hint, soaTask: o.soaTask, weight: o.weight, checks, durationMs: Math.round(ms * 1000) / 1000 };
}

/** A drill that could not be graded: every objective is an ERROR that says why; it earns nothing. */
export function errorResult(drill: Drill, error: DrillError, started = Date.now()): GradeResult {
  return {
    drill: drill.id,
    module: drill.module,
    title: drill.title,
    passed: false,
    status: 'error',
    error,
    objectives: drill.objectives.map((o) => ({
      id: o.id, title: o.title, status: 'error' as const, message: `not graded: ${error.message}`, hint: o.hint, soaTask: o.soaTask, weight: o.weight, checks: [],
    })),
    scope: { changes: [], violations: [] },
    acknowledgements: [],
    durationMs: Date.now() - started,
  };
}

/** What `--live` adds: whose deployed stack to read, and how. */
export interface LiveOptions {
  readonly student: string;
  readonly region?: string;
  /** CloudFormation drift detection (off with --skip-drift). */
  readonly drift: boolean;
  /** Credentials for the student's own account (a roster's role, assumed); default: the standard chain. */
  readonly credentials?: () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }>;
}

export interface AttemptOptions extends GradeOptions {
  /** Also check the deployed stack awswo-<student>-<drill> through the AWS SDK. */
  readonly live?: LiveOptions;
  /** Handed the static grades (templates, identities, documents) before any live check: what a review digests. */
  readonly onStaticGrades?: (grades: readonly StaticGrade[]) => void;
}

/**
 * The grading flow: every attempt graded statically (one isolated synthesis step, one baseline
 * read), then, with `live`, against the deployed stack with the same template: never a second
 * synthesis. Results come back in the order of `items`.
 */
export async function gradeAttempts(items: readonly GradeItem[], opts: AttemptOptions = {}): Promise<GradeResult[]> {
  const graded = await gradeStatic(items, opts);
  opts.onStaticGrades?.(graded);
  if (!opts.live) return graded.map((g) => g.result);
  // The SDK is loaded only when a live grade is asked for.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { gradeLive, hasLiveChecks } = require('../live/runner') as typeof import('../live/runner');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LiveSession } = require('../live/session') as typeof import('../live/session');
  const live = opts.live;
  const session = new LiveSession({ region: live.region, ...(live.credentials ? { clientConfig: { credentials: live.credentials } } : {}) });
  const results: GradeResult[] = [];
  for (const [i, g] of graded.entries()) {
    const { drill, attempt } = items[i];
    // A drill whose lab could not be graded statically has nothing to compare the deployment with.
    if (g.result.status === 'error' || !g.template) {
      results.push(g.result);
      continue;
    }
    if (items.length > 1 && hasLiveChecks(drill)) opts.progress?.(`checking the deployed ${drill.id}`);
    const template = g.template;
    results.push(await gradeLive(drill, g.result, {
      student: live.student,
      region: live.region,
      workspace: attempt.workspace,
      documents: g.documents,
      drift: live.drift,
      session,
      studentTemplate: () => template,
      graded: g.identity ? { template, identity: g.identity } : undefined,
    }));
  }
  return results;
}

/** One attempt: `gradeAttempts` of one. */
export async function gradeAttempt(drill: Drill, attempt: Attempt, opts: AttemptOptions = {}): Promise<GradeResult> {
  const [result] = await gradeAttempts([{ drill, attempt }], opts);
  return result;
}

/** A lab synthesized for the baseline identity: its template and what it acknowledges. */
export interface BaselineSynthesis {
  readonly template: TemplateJson;
  readonly acknowledgements: SynthRun['acknowledgements'];
}

/**
 * The pristine labs synthesized in the sandbox for the fixed baseline identity (`npm run baselines`):
 * the template per item, or the reason it could not be synthesized.
 */
export async function synthesizeBaselines(items: readonly GradeItem[], opts: GradeOptions = {}): Promise<Array<BaselineSynthesis | string>> {
  const memo = synthMemoOn(opts.memo);
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const pool = new SynthPool(memo ? 0 : items.length, limits);
  try {
    return await Promise.all(items.map(async (item) => {
      const p = await prepare(item, false);
      if (p.error || !p.bundle) return p.error?.message ?? 'could not bundle the lab';
      const job = { ...labJob(item.drill), identities: [BASELINE_IDENTITY] };
      const key = memo ? memoKey(p.bundle.code, item.attempt.workspace, job, job.identities, limits) : undefined;
      const recalled = key && recall(key, 1);
      const ofRun = (run: SynthRun): BaselineSynthesis => ({ template: run.template as TemplateJson, acknowledgements: run.acknowledgements });
      if (recalled) return ofRun(recalled[0]);
      if (memo) pool.expect(1);
      const outcome = await pool.synthesize(p.bundle.code, job);
      if (outcome.ok && key) remember(key, outcome.runs);
      return outcome.ok ? ofRun(outcome.runs[0]) : synthError(outcome, p.shown(item.attempt.labFile)).message;
    }));
  } finally {
    pool.close();
  }
}
