import * as path from 'path';
import type { Drill } from '../model/drill';
import { LIBRARY_ROOT } from '../paths';

/** Where one attempt at a drill lives: the student's lab code and documents, nothing else. */
export interface Attempt {
  /** The student's workspace (absolute): imports of lib/ from inside it get the grader's copy. */
  readonly workspace: string;
  /** The lab the student edited (absolute). */
  readonly labFile: string;
  /** The documents the drill reads, by name (`RUNBOOK.md`, `INCIDENT.md`) → absolute path. */
  readonly documents: Readonly<Record<string, string>>;
}

/** The documents a drill reads: RUNBOOK.md when it asks for a runbook, and the ones it names. */
export function documentNames(drill: Drill): string[] {
  return [...(drill.runbook ? ['RUNBOOK.md'] : []), ...(drill.documents ?? [])];
}

/** The attempt in a workspace laid out like this repository or a handout (drills/NN-topic/<drill>/...). */
export function workspaceAttempt(drill: Drill, workspace: string): Attempt {
  const dir = path.join(workspace, path.relative(LIBRARY_ROOT, drill.dir));
  return {
    workspace,
    labFile: path.join(dir, 'lab.ts'),
    documents: Object.fromEntries(documentNames(drill).map((n) => [n, path.join(dir, n)])),
  };
}

/** The pristine lab and blank templates, as a handout gives them: every objective must fail. */
export function pristineAttempt(drill: Drill): Attempt {
  return workspaceAttempt(drill, LIBRARY_ROOT);
}

/** The reference solution with the reference documents (`RUNBOOK.solution.md`...): every objective must pass. */
export function solutionAttempt(drill: Drill): Attempt {
  return {
    workspace: LIBRARY_ROOT,
    labFile: path.join(drill.dir, 'solution.ts'),
    documents: Object.fromEntries(documentNames(drill).map((n) => [n, path.join(drill.dir, n.replace(/\.md$/, '.solution.md'))])),
  };
}

/** `attempt` with another lab file: a student's variant of the lab, with the same documents. */
export function withLab(attempt: Attempt, labFile: string): Attempt {
  return { ...attempt, labFile };
}
