import type { ScopeReport } from './evidence';
import type { Status } from './verdict';

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
  /** Time its checks took (a JUnit test case's time). */
  readonly durationMs?: number;
  /** Weight a pass earns less because the student took this objective's hint (the drill's hintCost). */
  readonly hintCost?: number;
}
/** Why a drill could not be graded at all: every objective of it is then an ERROR. */
export interface DrillError {
  /**
   * `input`: a document or the lab file cannot be read (missing, too big, binary, a link out);
   * `build`: the lab does not compile (syntax, a forbidden import); `types`: TypeScript type errors;
   * `synth`: the lab failed, hung, ran out of memory or ended the synthesis; `grader`: a step of
   * the grader's own could not run on the template (cdk-nag, conditions).
   */
  readonly kind: 'input' | 'build' | 'types' | 'synth' | 'grader';
  readonly message: string;
  /** The first lines the lab printed, when its synthesis failed. */
  readonly output?: readonly string[];
}

export interface GradeResult {
  readonly drill: string;
  readonly module: string;
  readonly title: string;
  readonly passed: boolean;
  /** pass: every objective passes; fail: some objective fails; error: the drill could not be (fully) graded. */
  readonly status: Status;
  readonly error?: DrillError;
  readonly objectives: readonly ObjectiveResult[];
  readonly scope: ScopeReport;
  /**
   * Acknowledgements found in the lab: the grader ignores them, the report shows them. `byLab`: the
   * pristine lab gives this reason for this rule on this resource (the drill's own, not the student's).
   */
  readonly acknowledgements: ReadonlyArray<{ rule: string; path: string; reason: string; byLab: boolean }>;
  readonly durationMs: number;
  /** Deployments the template differs between (CloudFormation conditions); one entry when it has none. */
  readonly variants?: readonly string[];
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
  /** Hints the student took, and the weight they cost passed objectives (the drills' declared hintCost). */
  readonly hints?: { readonly taken: number; readonly weightLost: number };
}
