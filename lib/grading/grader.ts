import * as fs from 'fs';
import * as path from 'path';
import type { Drill, Objective, StaticEvidence, Status, Verdict } from '../model/drill';
import { firstLine, GradeInputError } from './errors';
import { nagFindings } from './nag-findings';
import { readRunbook } from '../checks/documents/runbook';
import { scopeDiff } from './scope-diff';
import { acrossVariants, combinedScope, variantsToGrade } from './variants';
import { loadLabClass, synthLab } from './synth';
import type { TemplateJson } from '../model/template';
import type { GradeResult, ObjectiveResult } from '../model/result';




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
  const checks = o.checks.map((c) => ({ id: c.id, ...runCheck(() => c.run(evidence)) }));
  const worst = checks.find((c) => c.status === 'error') ?? checks.find((c) => c.status === 'fail');
  let status: Status = worst ? worst.status : 'pass';
  let message = worst ? worst.message : checks.map((c) => c.message).join('; ');
  if (status === 'pass' && scopeViolations.length > 0) {
    status = 'fail';
    message = `the checks pass, but the change is out of scope: ${scopeViolations.join('; ')}`;
  }
  return { id: o.id, title: o.title, status, message, hint: o.hint, soaTask: o.soaTask, weight: o.weight, checks };
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
  // Each template CloudFormation would deploy is graded: an objective passes only if it passes in all of them.
  const variants = variantsToGrade(template, environment, shown(attempt.labFile)).map((v) => {
    const evidence: StaticEvidence = { template: v.template, baseline, nag, scope: scopeDiff(baseline, v.template, drill.scope, { pinnedAccount: environment.account }), runbook, environment };
    return { label: v.label, evidence };
  });
  const scope = combinedScope(variants.map((v) => ({ label: v.label, scope: v.evidence.scope })));
  const objectives = drill.objectives.map((o) =>
    acrossVariants(variants.map((v) => ({ label: v.label, result: objectiveResult(o, v.evidence, v.evidence.scope.violations) }))));
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
