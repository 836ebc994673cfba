import type { Drill } from '../model/drill';
import { loadLabClass, synthLab } from '../grading/synth';
import { CostEstimate, estimateRegion, estimateTemplate } from './estimate';

/** Synthesizes a lab file (the grader's way, guardrails included) and estimates it. */
export function estimateLab(drill: Drill, labFile: string, region?: string, shownAs = labFile): CostEstimate {
  const r = region === undefined ? undefined : estimateRegion(region);
  const { template, environment } = synthLab(drill, loadLabClass(labFile, shownAs), {}, shownAs);
  return estimateTemplate(template, r ?? estimateRegion(undefined, environment.region));
}
