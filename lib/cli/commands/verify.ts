import type { Drill } from '../../model/drill';
import { pristineAttempt, solutionAttempt } from '../../grading/attempt';
import { gradeAttempts } from '../../grading/grade-attempt';
import type { GradeResult } from '../../model/result';
import { LIBRARY_ROOT } from '../../paths';
import { hasReferenceSolutions } from '../../grading/reference';
import { Command, EXIT, oneOf, parse, UsageError } from '../command';
import { selectDrills } from '../select';

export interface Verification {
  readonly drill: string;
  readonly ok: boolean;
  /** Objectives the pristine lab does not fail (it must fail every one). */
  readonly pristineNotFailing: string[];
  /** Objectives the reference solution does not pass (it must pass every one). */
  readonly solutionNotPassing: string[];
}

function verification(drill: Drill, pristine: GradeResult, solution: GradeResult): Verification {
  const describe = (r: GradeResult, want: 'pass' | 'fail') =>
    r.objectives.filter((o) => o.status !== want).map((o) => `${o.id} (${o.status}: ${o.message})`);
  const pristineNotFailing = describe(pristine, 'fail');
  const solutionNotPassing = describe(solution, 'pass');
  return { drill: drill.id, ok: pristineNotFailing.length === 0 && solutionNotPassing.length === 0, pristineNotFailing, solutionNotPassing };
}

/** Grades each drill's pristine lab and reference solution, every lab in its own sandboxed process. */
export async function verifyDrills(drills: readonly Drill[], progress?: (line: string) => void): Promise<Verification[]> {
  const items = drills.flatMap((drill) => [{ drill, attempt: pristineAttempt(drill) }, { drill, attempt: solutionAttempt(drill) }]);
  const results = await gradeAttempts(items, { progress });
  return drills.map((drill, i) => verification(drill, results[2 * i], results[2 * i + 1]));
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
    if (!hasReferenceSolutions(LIBRARY_ROOT)) {
      throw new UsageError('verify needs the reference solutions, which only the library\'s own checkout has (a student handout or the installed package ships none)');
    }
    if (drills.length > 1) ctx.err(`verifying ${drills.length} drills: the pristine lab and the reference solution of each\n`);
    const results = await verifyDrills(drills, (line) => ctx.err(`${line}\n`));
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
