import type { Drill } from '../model/drill';
import type { Attempt } from '../grading/attempt';
import { GradeInputError } from '../grading/errors';
import { synthesizeAttempts } from '../grading/grade-attempt';
import type { TemplateJson } from '../model/template';
import { CostEstimate, estimateRegion, estimateTemplate } from './estimate';

/** Labs synthesized in the sandbox as a grade synthesizes them (guardrails included), then estimated. */
export async function estimateAttempts(items: ReadonlyArray<{ drill: Drill; attempt: Attempt }>, region?: string): Promise<CostEstimate[]> {
  const synthesized = await synthesizeAttempts(items, { typecheck: false, documents: false });
  return synthesized.map((s) => {
    if (s.error || !s.runs) throw new GradeInputError(`${s.item.drill.id}: ${s.error?.message ?? 'no template'}`);
    const run = s.runs[0];
    return estimateTemplate(run.template as TemplateJson, region === undefined ? estimateRegion(undefined, run.environment.region) : estimateRegion(region));
  });
}
