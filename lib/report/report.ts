import type { GradeResult } from '../model/result';
import type { Score } from '../model/result';

export type ReportFormat = 'text' | 'json' | 'junit' | 'md' | 'html' | 'gradescope' | 'github-classroom' | 'prairielearn';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'junit', 'md', 'html', 'gradescope', 'github-classroom', 'prairielearn'];

/** An instructor's decision on one drill; STALE: approved, but the evidence changed since. */
export type ReviewState = 'NOT REVIEWED' | 'APPROVED' | 'REJECTED' | 'STALE';

export interface Review {
  readonly state: ReviewState;
  readonly reviewer?: string;
  /** ISO 8601 time of the decision. */
  readonly at?: string;
  readonly reason?: string;
}

/** One graded drill as reported: its grade, and the instructor's review when the report builder knows it. */
export type ReportedResult = GradeResult & { readonly review?: Review };

/** What every report format renders: the graded drills and the scaled score. */
export interface Report {
  readonly tool: 'awswo';
  readonly kind: 'static' | 'live';
  readonly workspace: string;
  /** ISO 8601 time the report was made. */
  readonly generatedAt: string;
  readonly passed: boolean;
  readonly score: Score;
  /** Never "certified": a passing grade only makes the work ready for an instructor's review. */
  readonly certification: 'PENDING INSTRUCTOR REVIEW';
  readonly results: readonly ReportedResult[];
}

export interface ReportOptions {
  /** Review state per drill id; a drill without one is NOT REVIEWED. */
  readonly reviews?: Readonly<Record<string, Review>>;
  readonly generatedAt?: Date;
}

/** The report of a run: the grading flow computed the results and the score; a report only shows them. */
export function buildReport(results: readonly GradeResult[], score: Score, workspace: string, kind: Report['kind'] = 'static', options: ReportOptions = {}): Report {
  const reviews = options.reviews ?? {};
  return {
    tool: 'awswo',
    kind,
    workspace,
    generatedAt: (options.generatedAt ?? new Date()).toISOString(),
    passed: results.every((r) => r.passed),
    score,
    certification: 'PENDING INSTRUCTOR REVIEW',
    results: results.map((r) => (Object.prototype.hasOwnProperty.call(reviews, r.drill) ? { ...r, review: reviews[r.drill] } : r)),
  };
}

/** The review of a drill, NOT REVIEWED when none is recorded. */
export function reviewOf(r: ReportedResult): Review {
  return r.review ?? { state: 'NOT REVIEWED' };
}

/** `APPROVED by ana at 2025-06-01T10:00:00Z`, `REJECTED by ana at ...: reason`, `NOT REVIEWED`. */
export function reviewLine(review: Review): string {
  const who = [review.reviewer && `by ${review.reviewer}`, review.at && `at ${review.at}`].filter(Boolean).join(' ');
  const base = review.state === 'STALE'
    ? `STALE${who ? ` (approved ${who})` : ''}: the work changed after the approval`
    : `${review.state}${who ? ` ${who}` : ''}`;
  return review.reason ? `${base}: ${review.reason}` : base;
}

/**
 * Where the work stands, never "certified": ready for instructor review only when the score reaches
 * the pass mark and every objective could be verified.
 */
export function readiness(report: Report): string {
  const errors = report.results.reduce((n, r) => n + r.objectives.filter((o) => o.status === 'error').length, 0);
  if (errors > 0) return `not ready for instructor review: ${errors} objective${errors === 1 ? '' : 's'} could not be verified`;
  if (report.score.scaled >= report.score.passMark) return 'ready for instructor review';
  return `not ready for instructor review: score ${report.score.scaled} is below the pass mark ${report.score.passMark}`;
}

/** `2 hints taken: the score counts 3 weight less (the drills' declared hint cost)`, when any was taken. */
export function hintLine(score: Report['score']): string | undefined {
  const h = score.hints;
  if (!h) return undefined;
  const cost = h.weightLost > 0 ? `the score counts ${h.weightLost} weight less (the drills' declared hint cost)` : 'they cost nothing in these drills';
  return `${h.taken} hint${h.taken === 1 ? '' : 's'} taken: ${cost}`;
}
