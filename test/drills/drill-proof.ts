// The proof every drill owes (DESIGN.md "Proof that a drill is real"), as one reusable suite. Every
// attempt goes through the real grading flow: bundled, type-checked, synthesized in the sandbox.
import * as fs from 'fs';
import * as path from 'path';
import type { Drill } from '../../lib/model/drill';
import type { GradeResult } from '../../lib/model/result';
import { Attempt, pristineAttempt, solutionAttempt, withLab } from '../../lib/grading/attempt';
import { readBaseline, readBaselineAcknowledgements } from '../../lib/grading/baseline';
import { gradeStatic, StaticGrade } from '../../lib/grading/grade-attempt';
import { BASELINE_IDENTITY, normaliseIdentity, normaliseTemplate } from '../../lib/sandbox/identity';
import { cdkSynthFindings } from './cdk-synth-nag';

export interface WrongFix {
  /** What the student did, in words: "deleted the ops role". */
  readonly name: string;
  /** A lab file standing in for the student's lab.ts. */
  readonly labFile: string;
  /** Defaults to the reference runbook, so only the code is wrong. */
  readonly runbookFile?: string;
  /** Objectives that must not pass with this fix. */
  readonly failing: readonly string[];
  /** Objectives the grader must refuse to decide (ERROR: the check could not judge it), never pass. */
  readonly erroring?: readonly string[];
  /** The grader refuses to grade this attempt at all (an ERROR result) with a message matching this. */
  readonly refused?: RegExp;
  /** Why the `failing` objectives fail: each one's message matches this (the trick is caught, not something else). */
  readonly because?: RegExp;
}

export interface OtherFix {
  readonly name: string;
  readonly labFile: string;
  /** Another correct runbook (and the documents beside it), instead of the reference one. */
  readonly runbookFile?: string;
}

const ACK_PREFIXES = ['DRILL:', 'LAB:', 'GUARDRAIL:'];

/**
 * The reference documents with another lab; where another runbook is given, it and the documents
 * written beside it (INCIDENT.md next to it) stand in for the reference ones.
 */
function variantAttempt(drill: Drill, labFile: string, runbookFile?: string): Attempt {
  const base = withLab(solutionAttempt(drill), labFile);
  if (!runbookFile) return base;
  const documents: Record<string, string> = { ...base.documents, 'RUNBOOK.md': runbookFile };
  for (const name of drill.documents ?? []) {
    const beside = path.join(path.dirname(runbookFile), name);
    if (fs.existsSync(beside)) documents[name] = beside;
  }
  return { ...base, documents };
}

/**
 * `wrongFixes` must fail the named objectives; `otherFixes` are different but correct fixes a
 * student may reasonably write, which must pass (so the checks do not demand one exact spelling).
 * All attempts of a drill are graded once, together, before the tests look at them.
 */
export function proveDrill(drill: Drill, wrongFixes: readonly WrongFix[], otherFixes: readonly OtherFix[] = []): void {
  describe(`drill ${drill.id}`, () => {
    let graded: StaticGrade[] = [];
    const result = (i: number): GradeResult => graded[i].result;
    const WRONG = 2;
    const OTHER = 2 + wrongFixes.length;
    beforeAll(async () => {
      graded = await gradeStatic([
        { drill, attempt: pristineAttempt(drill) },
        { drill, attempt: solutionAttempt(drill) },
        ...wrongFixes.map((w) => ({ drill, attempt: variantAttempt(drill, w.labFile, w.runbookFile) })),
        ...otherFixes.map((f) => ({ drill, attempt: variantAttempt(drill, f.labFile, f.runbookFile) })),
      ], { memo: true });
    }, 300_000);

    test('has the files of a drill folder', () => {
      for (const f of ['drill.ts', 'lab.ts', 'solution.ts', 'README.md', 'baseline.template.json', 'baseline.acknowledgements.json']) {
        expect(fs.existsSync(path.join(drill.dir, f))).toBe(true);
      }
      if (drill.runbook) expect(fs.existsSync(path.join(drill.dir, 'RUNBOOK.solution.md'))).toBe(true);
      for (const d of drill.documents ?? []) {
        expect(fs.existsSync(path.join(drill.dir, d))).toBe(true);
        expect(fs.existsSync(path.join(drill.dir, d.replace(/\.md$/, '.solution.md')))).toBe(true);
      }
    });

    test('the pristine lab fails every objective, each for its own trap', () => {
      const pristine = result(0);
      expect(pristine.error).toBeUndefined();
      for (const o of pristine.objectives) expect({ id: o.id, status: o.status }).toEqual({ id: o.id, status: 'fail' });
      for (const trap of drill.traps) {
        const o = pristine.objectives.find((x) => x.id === trap.objective)!;
        const failing = o.checks.filter((c) => c.status === 'fail').map((c) => c.message).join(' | ');
        expect({ trap: trap.id, failing }).toEqual({ trap: trap.id, failing: expect.stringContaining(trap.resource) });
      }
    });

    test('the reference solution passes every objective, in scope', () => {
      const solution = result(1);
      expect(solution.error).toBeUndefined();
      for (const o of solution.objectives) expect({ id: o.id, status: o.status, message: o.message }).toEqual({ id: o.id, status: 'pass', message: o.message });
      expect(solution.scope.violations).toEqual([]);
      expect(solution.passed).toBe(true);
    });

    if (wrongFixes.length) {
      test.each(wrongFixes.map((w, i) => [w.name, w, i] as const))('a wrong fix fails: %s', (_name, w, i) => {
        const r = result(WRONG + i);
        if (w.refused) {
          expect({ status: r.status, error: r.error?.message }).toEqual({ status: 'error', error: expect.stringMatching(w.refused) });
          return;
        }
        expect(r.error).toBeUndefined();
        expect(r.passed).toBe(false);
        for (const [ids, status] of [[w.failing, 'fail'], [w.erroring ?? [], 'error']] as const) {
          for (const id of ids) {
            const o = r.objectives.find((x) => x.id === id);
            expect({ id, status: o?.status }).toEqual({ id, status });
            if (w.because) expect({ id, message: o?.message }).toEqual({ id, message: expect.stringMatching(w.because) });
          }
        }
      });
    }

    if (otherFixes.length) {
      test.each(otherFixes.map((f, i) => [f.name, f, i] as const))('another correct fix passes: %s', (_name, _f, i) => {
        const r = result(OTHER + i);
        expect(r.error).toBeUndefined();
        expect(r.objectives.filter((o) => o.status !== 'pass').map((o) => `${o.id}: ${o.message}`)).toEqual([]);
      });
    }

    test('the baseline template is the pristine lab, as synthesized now (snapshot; npm run baselines updates it)', () => {
      const { template, identity } = graded[0];
      expect(normaliseTemplate(template!, identity!)).toEqual(normaliseTemplate(readBaseline(drill), BASELINE_IDENTITY));
    });

    test('the baseline acknowledgements are the pristine lab\'s, as synthesized now (npm run baselines updates them)', () => {
      const { labAcknowledgements, identity } = graded[0];
      expect(normaliseIdentity(labAcknowledgements, identity!)).toEqual(normaliseIdentity(readBaselineAcknowledgements(drill), BASELINE_IDENTITY));
    });

    test('the pristine lab synthesizes cleanly: only its traps are acknowledged, each with a DRILL: reason, each marked as the lab\'s own', () => {
      expect(cdkSynthFindings(drill, pristineAttempt(drill).labFile)).toEqual([]);
      const reasons = result(0).acknowledgements.map((a) => a.reason);
      for (const r of reasons) expect(ACK_PREFIXES.some((p) => r.startsWith(p))).toBe(true);
      expect(result(0).acknowledgements.filter((a) => !a.byLab)).toEqual([]);
    });

    test('cdk destroy leaves nothing behind: no resource of the pristine lab is retained', () => {
      const retained = Object.entries(readBaseline(drill).Resources ?? {})
        .filter(([, r]) => r.DeletionPolicy === 'Retain' || r.DeletionPolicy === 'RetainExceptOnCreate')
        .map(([id]) => id);
      expect(retained).toEqual([]);
    });

    test('the reference solution is clean under cdk-nag and acknowledges no trap', () => {
      expect(cdkSynthFindings(drill, solutionAttempt(drill).labFile)).toEqual([]);
      expect(result(1).acknowledgements.filter((a) => a.reason.startsWith('DRILL:'))).toEqual([]);
    });
  });
}
