import type { ScopeReport } from './evidence';
import type { Status } from './drill';

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

export interface DomainScore {
  readonly id: string;
  readonly title: string;
  readonly earned: number;
  readonly possible: number;
  /** Rounded percentage, or null when no graded objective belongs to the domain. */
  readonly percent: number | null;
}
export interface Score {
  /** 100..1000, like the exam's scaled score. */
  readonly scaled: number;
  readonly passMark: number;
  /** At or above the pass mark: ready for instructor review, never "certified". */
  readonly readyForReview: boolean;
  readonly domains: readonly DomainScore[];
}
