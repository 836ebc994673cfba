import type { GradeResult } from '../model/result';
import { Score } from '../model/result';

export type ReportFormat = 'text' | 'json' | 'junit' | 'md';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'junit', 'md'];

/** What every report format renders: the graded drills and the scaled score. */
export interface Report {
  readonly tool: 'awswo';
  readonly kind: 'static' | 'live';
  readonly workspace: string;
  readonly passed: boolean;
  readonly score: Score;
  /** Never "certified": a passing grade only makes the work ready for an instructor's review. */
  readonly certification: 'PENDING INSTRUCTOR REVIEW';
  readonly results: readonly GradeResult[];
}

/** The report of a run: the grading flow computed the results and the score; a report only shows them. */
export function buildReport(results: readonly GradeResult[], score: Score, workspace: string, kind: Report['kind'] = 'static'): Report {
  return {
    tool: 'awswo',
    kind,
    workspace,
    passed: results.every((r) => r.passed),
    score,
    certification: 'PENDING INSTRUCTOR REVIEW',
    results,
  };
}
