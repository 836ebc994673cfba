// The proof every drill owes (DESIGN.md "Proof that a drill is real"), as one reusable suite.
import * as fs from 'fs';
import * as path from 'path';
import type { Drill } from '../../lib/model/drill';
import { gradeDrill, readBaseline } from '../../lib/grading/grader';
import { GradeInputError } from '../../lib/grading/errors';
import { GradeResult } from '../../lib/model/result';
import { coursePacks } from '../../lib/grading/nag-findings';
import { loadLabClass, synthLab } from '../../lib/grading/synth';
import { pristineAttempt, solutionAttempt } from '../../lib/cli/commands/verify';

export interface WrongFix {
  /** What the student did, in words: "deleted the ops role". */
  readonly name: string;
  /** A lab file standing in for the student's lab.ts. */
  readonly labFile: string;
  /** Defaults to the reference runbook, so only the code is wrong. */
  readonly runbookFile?: string;
  /** Objectives that must not pass with this fix. */
  readonly failing: readonly string[];
  /** The grader refuses to grade this attempt at all (bad input, exit 2) with a message matching this. */
  readonly refused?: RegExp;
  /** Why the `failing` objectives fail: each one's message matches this (the trick is caught, not something else). */
  readonly because?: RegExp;
}

const ACK_PREFIXES = ['DRILL:', 'LAB:', 'GUARDRAIL:'];

/** Unacknowledged findings of the course packs, as `cdk synth` would report them. */
function unacknowledged(drill: Drill, labFile: string): string[] {
  const { stack } = synthLab(drill, loadLabClass(labFile));
  return coursePacks().flatMap((p) => p.validateScope(stack).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} on ${r.constructPath}`)));
}

export interface OtherFix {
  readonly name: string;
  readonly labFile: string;
}

/**
 * `wrongFixes` must fail the named objectives; `otherFixes` are different but correct fixes a
 * student may reasonably write, which must pass (so the checks do not demand one exact spelling).
 */
export function proveDrill(drill: Drill, wrongFixes: readonly WrongFix[], otherFixes: readonly OtherFix[] = []): void {
  describe(`drill ${drill.id}`, () => {
    let pristine: GradeResult;
    let solution: GradeResult;
    beforeAll(() => {
      pristine = gradeDrill(drill, pristineAttempt(drill));
      solution = gradeDrill(drill, solutionAttempt(drill));
    });

    test('has the files of a drill folder', () => {
      for (const f of ['drill.ts', 'lab.ts', 'solution.ts', 'README.md', 'baseline.template.json']) {
        expect(fs.existsSync(path.join(drill.dir, f))).toBe(true);
      }
      if (drill.runbook) expect(fs.existsSync(path.join(drill.dir, 'RUNBOOK.solution.md'))).toBe(true);
    });

    test('the pristine lab fails every objective, each for its own trap', () => {
      for (const o of pristine.objectives) expect({ id: o.id, status: o.status }).toEqual({ id: o.id, status: 'fail' });
      for (const trap of drill.traps) {
        const o = pristine.objectives.find((x) => x.id === trap.objective)!;
        const failing = o.checks.filter((c) => c.status === 'fail').map((c) => c.message).join(' | ');
        expect({ trap: trap.id, failing }).toEqual({ trap: trap.id, failing: expect.stringContaining(trap.resource) });
      }
    });

    test('the reference solution passes every objective, in scope', () => {
      for (const o of solution.objectives) expect({ id: o.id, status: o.status, message: o.message }).toEqual({ id: o.id, status: 'pass', message: o.message });
      expect(solution.scope.violations).toEqual([]);
      expect(solution.passed).toBe(true);
    });

    test.each(wrongFixes.map((w) => [w.name, w] as const))('a wrong fix fails: %s', (_name, w) => {
      const attempt = { labFile: w.labFile, runbookFile: w.runbookFile ?? solutionAttempt(drill).runbookFile };
      if (w.refused) {
        expect(() => gradeDrill(drill, attempt)).toThrow(GradeInputError);
        expect(() => gradeDrill(drill, attempt)).toThrow(w.refused);
        return;
      }
      const result = gradeDrill(drill, attempt);
      expect(result.passed).toBe(false);
      for (const id of w.failing) {
        const o = result.objectives.find((x) => x.id === id);
        expect({ id, status: o?.status }).toEqual({ id, status: 'fail' });
        if (w.because) expect({ id, message: o?.message }).toEqual({ id, message: expect.stringMatching(w.because) });
      }
    });

    if (otherFixes.length) {
      test.each(otherFixes.map((f) => [f.name, f] as const))('another correct fix passes: %s', (_name, f) => {
        const result = gradeDrill(drill, { labFile: f.labFile, runbookFile: solutionAttempt(drill).runbookFile });
        expect(result.objectives.filter((o) => o.status !== 'pass').map((o) => `${o.id}: ${o.message}`)).toEqual([]);
      });
    }

    test('the baseline template is the pristine lab, as synthesized now (snapshot; npm run baselines updates it)', () => {
      const { template } = synthLab(drill, loadLabClass(pristineAttempt(drill).labFile));
      expect(template).toEqual(readBaseline(drill));
    });

    test('the pristine lab synthesizes cleanly: only its traps are acknowledged, each with a DRILL: reason', () => {
      expect(unacknowledged(drill, pristineAttempt(drill).labFile)).toEqual([]);
      const reasons = pristine.acknowledgements.map((a) => a.reason);
      for (const r of reasons) expect(ACK_PREFIXES.some((p) => r.startsWith(p))).toBe(true);
    });

    test('cdk destroy leaves nothing behind: no resource of the pristine lab is retained', () => {
      const retained = Object.entries(readBaseline(drill).Resources ?? {})
        .filter(([, r]) => r.DeletionPolicy === 'Retain' || r.DeletionPolicy === 'RetainExceptOnCreate')
        .map(([id]) => id);
      expect(retained).toEqual([]);
    });

    test('the reference solution is clean under cdk-nag and acknowledges no trap', () => {
      expect(unacknowledged(drill, solutionAttempt(drill).labFile)).toEqual([]);
      expect(solution.acknowledgements.filter((a) => a.reason.startsWith('DRILL:'))).toEqual([]);
    });
  });
}
