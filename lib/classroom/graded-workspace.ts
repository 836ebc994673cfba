import * as fs from 'fs';
import { workspaceAttempt } from '../grading/attempt';
import { AttemptOptions, gradeAttempts, StaticGrade } from '../grading/grade-attempt';
import { score } from '../grading/scoring';
import type { Drill } from '../model/drill';
import type { GradeResult, Score } from '../model/result';
import type { Review } from '../report';
import { EvidenceDigest, evidenceDigest } from './evidence-digest';
import { HintRecord, hintDeductions, readHints } from './hints';
import { DrillReview, readReviewLog, ReviewLog, reviewState } from './review-log';

/** A workspace graded the way every command reports it: results, evidence digests, reviews, hints, score. */
export interface WorkspaceGrade {
  readonly workspace: string;
  readonly drills: readonly Drill[];
  readonly results: readonly GradeResult[];
  readonly statics: readonly StaticGrade[];
  /** Per drill (same order): the evidence as it is now; undefined when the drill could not be graded. */
  readonly digests: ReadonlyArray<EvidenceDigest | undefined>;
  readonly log: ReviewLog;
  /** By drill id. */
  readonly reviews: Readonly<Record<string, DrillReview>>;
  readonly hints: readonly HintRecord[];
  /** Hints taken subtracted, as the drills declare. */
  readonly score: Score;
}

/**
 * Grades the drills of a workspace and reads what the workspace records: the review log (each
 * approval checked against the evidence as it is now: STALE when it changed) and the hints taken.
 */
export async function gradeWorkspace(drills: readonly Drill[], workspace: string, opts: AttemptOptions = {}): Promise<WorkspaceGrade> {
  let statics: readonly StaticGrade[] = [];
  const results = await gradeAttempts(drills.map((drill) => ({ drill, attempt: workspaceAttempt(drill, workspace) })), {
    ...opts,
    onStaticGrades: (g) => {
      statics = g;
      opts.onStaticGrades?.(g);
    },
  });
  return summarise(drills, workspace, results, statics);
}

/** The review states and score of graded results (gradeWorkspace's second half). */
export function summarise(drills: readonly Drill[], workspace: string, results: readonly GradeResult[], statics: readonly StaticGrade[]): WorkspaceGrade {
  const digests = statics.map((g, i) => evidenceDigest(g, labSource(workspaceAttempt(drills[i], workspace).labFile)));
  const log = readReviewLog(workspace);
  const reviews = Object.fromEntries(drills.map((d, i) => [d.id, reviewState(log, d.id, digests[i])]));
  const hints = readHints(workspace);
  return { workspace, drills, results, statics, digests, log, reviews, hints, score: score(results, { hintDeductions: hintDeductions(drills, hints) }) };
}

function labSource(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The reviews as the reports take them. */
export function reportReviews(reviews: Readonly<Record<string, DrillReview>>): Record<string, Review> {
  return Object.fromEntries(Object.entries(reviews).map(([id, { current: _current, ...review }]) => [id, review]));
}
