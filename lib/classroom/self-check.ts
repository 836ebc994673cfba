import type { DrillCatalog } from '../grading/catalog';
import { workspaceAttempt } from '../grading/attempt';
import { gradeAttempts } from '../grading/grade-attempt';
import type { GradeResult } from '../model/result';
import { workspaceDrills } from './workspace';

export interface SelfCheck {
  /** The workspace's drills and their objectives: the Jest tests, known before anything is graded. */
  readonly drills: ReadonlyArray<{ readonly id: string; readonly objectives: ReadonlyArray<{ readonly id: string; readonly title: string }> }>;
  /** Grades every drill of the workspace, as `awswo grade --all` does there. */
  grade(): Promise<GradeResult[]>;
  /** Throws, with the check's message and the hint, unless the objective passed. */
  assertPassed(results: readonly GradeResult[] | undefined, drill: string, objective: string): void;
}

/** The self-check a handout's `npm test` runs (see the generated test/awswo-grade.test.js). */
export function selfCheck(catalog: DrillCatalog, workspace: string): SelfCheck {
  const drills = workspaceDrills(catalog, workspace);
  return {
    drills: drills.map((d) => ({ id: d.id, objectives: d.objectives.map((o) => ({ id: o.id, title: o.title })) })),
    grade: () => gradeAttempts(drills.map((drill) => ({ drill, attempt: workspaceAttempt(drill, workspace) }))),
    assertPassed(results, drill, objective) {
      if (!results) throw new Error('the grade did not run (see the error of beforeAll)');
      const o = results.find((r) => r.drill === drill)?.objectives.find((x) => x.id === objective);
      if (!o) throw new Error(`${drill}: objective ${objective} was not graded`);
      if (o.status === 'pass') return;
      const error = new Error(`${o.status.toUpperCase()}: ${o.message}\nhint: ${o.hint}`);
      // The check's message is the failure; the grader's stack says nothing to a student.
      error.stack = error.message;
      throw error;
    },
  };
}
