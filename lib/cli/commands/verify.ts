import * as path from 'path';
import type { Drill } from '../../model/drill';
import { gradeDrill } from '../../grading/grader';
import { GradeResult } from '../../model/result';
import { Command, EXIT, oneOf, parse } from '../command';
import { selectDrills } from '../select';

export interface Verification {
  readonly drill: string;
  readonly ok: boolean;
  /** Objectives the pristine lab does not fail (it must fail every one). */
  readonly pristineNotFailing: string[];
  /** Objectives the reference solution does not pass (it must pass every one). */
  readonly solutionNotPassing: string[];
}

/** The pristine lab with its blank runbook, and the reference solution with its filled one. */
export function pristineAttempt(drill: Drill) {
  return { labFile: path.join(drill.dir, 'lab.ts'), runbookFile: path.join(drill.dir, 'RUNBOOK.md') };
}
export function solutionAttempt(drill: Drill) {
  return { labFile: path.join(drill.dir, 'solution.ts'), runbookFile: path.join(drill.dir, 'RUNBOOK.solution.md') };
}

export function verifyDrill(drill: Drill): Verification {
  const describe = (r: GradeResult, want: 'pass' | 'fail') =>
    r.objectives.filter((o) => o.status !== want).map((o) => `${o.id} (${o.status}: ${o.message})`);
  const pristine = gradeDrill(drill, pristineAttempt(drill));
  const solution = gradeDrill(drill, solutionAttempt(drill));
  const pristineNotFailing = describe(pristine, 'fail');
  const solutionNotPassing = describe(solution, 'pass');
  return { drill: drill.id, ok: pristineNotFailing.length === 0 && solutionNotPassing.length === 0, pristineNotFailing, solutionNotPassing };
}

export const verify: Command = {
  name: 'verify',
  help: `Usage: awswo verify <drill>|--all|--module NN [--format text|json]

Grades the pristine lab (lab.ts, blank RUNBOOK.md) and the reference solution (solution.ts,
RUNBOOK.solution.md) of each drill from this library. A drill verifies when the pristine lab fails
every objective and the solution passes every one.

Exit codes: 0 every drill verifies, 1 some drill does not, 2 error.`,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, { all: { type: 'boolean' }, module: { type: 'string' }, format: { type: 'string' } });
    const format = oneOf(values.format as string | undefined, ['text', 'json'] as const, '--format', 'text');
    const drills = selectDrills(ctx.catalog, positionals, { all: values.all as boolean, module: values.module as string }, 'verify');
    const results: Verification[] = [];
    for (const [i, drill] of drills.entries()) {
      if (drills.length > 1) ctx.err(`verifying ${drill.id} (${i + 1}/${drills.length})\n`);
      results.push(verifyDrill(drill));
    }
    if (format === 'json') ctx.out(JSON.stringify(results, null, 2) + '\n');
    else {
      for (const v of results) {
        ctx.out(`${v.ok ? 'OK  ' : 'BAD '} ${v.drill}\n`);
        for (const p of v.pristineNotFailing) ctx.out(`     pristine lab does not fail ${p}\n`);
        for (const s of v.solutionNotPassing) ctx.out(`     solution does not pass ${s}\n`);
      }
      ctx.out(`${results.filter((v) => v.ok).length}/${results.length} drills verify\n`);
    }
    return results.every((v) => v.ok) ? EXIT.ok : EXIT.failed;
  },
};
