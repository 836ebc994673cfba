import { domainOfTask, SOA_C03, SoaTaskId } from '../course';
import type { GradeResult } from '../model/result';
import type { Score } from '../model/result';

export interface ScoreOptions {
  /** Weight lost by drill and objective, for hints taken (lib/classroom/hints.ts): subtracted from a pass. */
  readonly hintDeductions?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/**
 * Compensatory scoring, like SOA-C03: weights earned over weights possible across every graded
 * objective, scaled to 100..1000 with 720 to pass; per-domain percentages show where to work.
 * An objective in error earns nothing.
 */
export function score(results: readonly GradeResult[], opts: ScoreOptions = {}): Score {
  const { min, max, pass } = SOA_C03.scoring;
  const byDomain = new Map<string, { earned: number; possible: number }>();
  let earned = 0;
  let possible = 0;
  let taken = 0;
  let weightLost = 0;
  for (const r of results) {
    for (const o of r.objectives) {
      const d = domainOfTask(o.soaTask as SoaTaskId);
      const acc = byDomain.get(d) ?? { earned: 0, possible: 0 };
      acc.possible += o.weight;
      possible += o.weight;
      const lost = opts.hintDeductions?.[r.drill]?.[o.id];
      if (lost !== undefined) taken++;
      if (o.status === 'pass') {
        const cost = Math.min(o.weight, Math.max(0, lost ?? 0));
        weightLost += cost;
        acc.earned += o.weight - cost;
        earned += o.weight - cost;
      }
      byDomain.set(d, acc);
    }
  }
  const scaled = possible === 0 ? min : Math.round(min + ((max - min) * earned) / possible);
  return {
    scaled,
    passMark: pass,
    readyForReview: scaled >= pass,
    domains: SOA_C03.domains.map((d) => {
      const acc = byDomain.get(d.id);
      return {
        id: d.id,
        title: d.title,
        earned: acc?.earned ?? 0,
        possible: acc?.possible ?? 0,
        percent: acc && acc.possible > 0 ? Math.round((100 * acc.earned) / acc.possible) : null,
      };
    }),
    ...(taken > 0 ? { hints: { taken, weightLost } } : {}),
  };
}
