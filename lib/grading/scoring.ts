import { domainOfTask, SOA_C03, SoaTaskId } from '../course';
import type { GradeResult } from '../model/result';
import type { Score } from '../model/result';



/**
 * Compensatory scoring, like SOA-C03: weights earned over weights possible across every graded
 * objective, scaled to 100..1000 with 720 to pass; per-domain percentages show where to work.
 * An objective in error earns nothing.
 */
export function score(results: readonly GradeResult[]): Score {
  const { min, max, pass } = SOA_C03.scoring;
  const byDomain = new Map<string, { earned: number; possible: number }>();
  let earned = 0;
  let possible = 0;
  for (const r of results) {
    for (const o of r.objectives) {
      const d = domainOfTask(o.soaTask as SoaTaskId);
      const acc = byDomain.get(d) ?? { earned: 0, possible: 0 };
      acc.possible += o.weight;
      possible += o.weight;
      if (o.status === 'pass') {
        acc.earned += o.weight;
        earned += o.weight;
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
  };
}
