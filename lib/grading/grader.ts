import * as fs from 'fs';
import * as path from 'path';
import type { Drill, Objective, StaticEvidence, Status, Verdict } from './drill';
import { firstLine, GradeInputError } from './errors';
import { nagFindings } from './nag-findings';
import { readRunbook } from './runbook';
import { scopeDiff, ScopeReport } from './scope-diff';
import { loadLabClass, synthLab } from './synth';
import type { TemplateJson } from './template';

export interface CheckResult {
  readonly id: string;
  readonly status: Status;
  readonly message: string;
}

export interface ObjectiveResult {
  readonly id: string;
  readonly title: string;
  readonly status: Status;
  readonly message: string;
  readonly hint: string;
  readonly soaTask: string;
  readonly weight: number;
  readonly checks: readonly CheckResult[];
  /** Time its checks took (a JUnit test case's time). */
  readonly durationMs?: number;
}

export interface GradeResult {
  readonly drill: string;
  readonly module: string;
  readonly title: string;
  readonly passed: boolean;
  readonly objectives: readonly ObjectiveResult[];
  readonly scope: ScopeReport;
  /** Acknowledgements found in the lab: the grader ignores them, the report shows them. */
  readonly acknowledgements: ReadonlyArray<{ rule: string; path: string; reason: string }>;
  readonly durationMs: number;
}

/** Where one attempt at a drill lives. */
export interface AttemptFiles {
  readonly labFile: string;
  /** Required when the drill asks for a runbook. */
  readonly runbookFile?: string;
  /** How to name files in messages (relative to the workspace). */
  readonly shownAs?: (file: string) => string;
}

/** The attempt in a workspace laid out like this repository (drills/NN-topic/<drill>/...). */
export function workspaceAttempt(drill: Drill, workspace: string, libraryRoot: string): AttemptFiles {
  const rel = path.relative(libraryRoot, drill.dir);
  const dir = path.join(workspace, rel);
  return {
    labFile: path.join(dir, 'lab.ts'),
    runbookFile: drill.runbook ? path.join(dir, 'RUNBOOK.md') : undefined,
    shownAs: (f) => path.relative(workspace, f) || f,
  };
}

export function baselineFile(drill: Drill): string {
  return path.join(drill.dir, 'baseline.template.json');
}

export function readBaseline(drill: Drill): TemplateJson {
  const file = baselineFile(drill);
  if (!fs.existsSync(file)) throw new GradeInputError(`no baseline template for ${drill.id}: run npm run baselines`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Runs one check; a check that throws is an error, never a pass. */
function runCheck(run: () => Verdict): Verdict {
  try {
    return run();
  } catch (err) {
    return { status: 'error', message: `check could not run: ${firstLine(err)}` };
  }
}

function objectiveResult(o: Objective, evidence: StaticEvidence, scopeViolations: readonly string[]): ObjectiveResult {
  const started = performance.now();
  const checks = o.checks.map((c) => ({ id: c.id, ...runCheck(() => c.run(evidence)) }));
  const worst = checks.find((c) => c.status === 'error') ?? checks.find((c) => c.status === 'fail');
  let status: Status = worst ? worst.status : 'pass';
  let message = worst ? worst.message : checks.map((c) => c.message).join('; ');
  if (status === 'pass' && scopeViolations.length > 0) {
    status = 'fail';
    message = `the checks pass, but the change is out of scope: ${scopeViolations.join('; ')}`;
  }
  return { id: o.id, title: o.title, status, message, hint: o.hint, soaTask: o.soaTask, weight: o.weight, checks, durationMs: Math.round((performance.now() - started) * 1000) / 1000 };
}

/** Statically grades one attempt: synth, nag, scope diff, runbook, then every objective's checks. */
export function gradeDrill(drill: Drill, attempt: AttemptFiles): GradeResult {
  const started = Date.now();
  const shown = attempt.shownAs ?? ((f: string) => f);
  const baseline = readBaseline(drill);
  const runbook = drill.runbook
    ? readRunbook(attempt.runbookFile ?? path.join(path.dirname(attempt.labFile), 'RUNBOOK.md'), shown(attempt.runbookFile ?? 'RUNBOOK.md'))
    : undefined;
  const LabClass = loadLabClass(attempt.labFile, shown(attempt.labFile));
  const { stack, template, environment } = synthLab(drill, LabClass, {}, shown(attempt.labFile));
  const nag = nagFindings(stack);
  const scope = scopeDiff(baseline, template, drill.scope);
  const evidence: StaticEvidence = { template, nag, scope, runbook, environment };
  const objectives = drill.objectives.map((o) => objectiveResult(o, evidence, scope.violations));
  return {
    drill: drill.id,
    module: drill.module,
    title: drill.title,
    passed: objectives.every((o) => o.status === 'pass'),
    objectives,
    scope,
    acknowledgements: nag
      .filter((f) => f.acknowledgedWith !== undefined && !f.path.startsWith('AwswoGuardrails/'))
      .map((f) => ({ rule: f.rule, path: f.path, reason: f.acknowledgedWith! })),
    durationMs: Date.now() - started,
  };
}
