import * as fs from 'fs';
import * as path from 'path';
import type { Drill, Objective } from '../model/drill';
import { RECORDS_DIR } from './workspace';

/** The hints a student took, one JSON record a line, in the workspace (the reviewer sees them). */
export const HINT_LOG = `${RECORDS_DIR}/hints.jsonl`;

export interface HintRecord {
  readonly at: string;
  readonly drill: string;
  readonly objective: string;
  /** The weight the objective loses if it passes (the drill's hintCost when taken). */
  readonly cost: number;
  /** How it was taken: `hint --next` or `grade --hints`. */
  readonly via: 'hint' | 'grade';
}

/** Every hint taken in the workspace; lines that are not records are skipped (the log is the student's to keep). */
export function readHints(workspace: string): HintRecord[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(workspace, HINT_LOG), 'utf8');
  } catch {
    return [];
  }
  const out: HintRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as HintRecord;
      if (r && typeof r.drill === 'string' && typeof r.objective === 'string') out.push({ ...r, cost: Number(r.cost) || 0 });
    } catch {
      // Not a record.
    }
  }
  return out;
}

/** The objectives of a drill whose hint was taken, in the drill's order. */
export function hintsTaken(drill: Drill, records: readonly HintRecord[]): Objective[] {
  const taken = new Set(records.filter((r) => r.drill === drill.id).map((r) => r.objective));
  return drill.objectives.filter((o) => taken.has(o.id));
}

/** Records hints as taken (those not taken before); returns the new records. */
export function recordHints(workspace: string, drill: Drill, objectives: readonly Objective[], via: HintRecord['via'], now = new Date()): HintRecord[] {
  const before = new Set(hintsTaken(drill, readHints(workspace)).map((o) => o.id));
  const fresh = objectives.filter((o) => !before.has(o.id)).map((o): HintRecord => ({
    at: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), drill: drill.id, objective: o.id, cost: hintCost(drill, o), via,
  }));
  if (fresh.length) {
    const file = path.join(workspace, HINT_LOG);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, fresh.map((r) => JSON.stringify(r) + '\n').join(''));
  }
  return fresh;
}

/** What taking this objective's hint costs: the drill's hintCost, never more than the objective's weight. */
export function hintCost(drill: Drill, objective: Objective): number {
  return Math.min(objective.weight, Math.max(0, drill.hintCost ?? 0));
}

/**
 * Weight lost per drill and objective for the hints taken (what scoring subtracts from a passed
 * objective). The cost is the drill's declared one now, not whatever a record claims.
 */
export function hintDeductions(drills: readonly Drill[], records: readonly HintRecord[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const d of drills) {
    for (const o of hintsTaken(d, records)) {
      const cost = hintCost(d, o);
      (out[d.id] ??= {})[o.id] = cost;
    }
  }
  return out;
}

/** What a report says in place of a hint the student has not asked for. */
export const hiddenHint = (drill: string) => `hidden: npx awswo hint ${drill} --next shows the next hint, grade --hints shows them all (recorded; the reviewer sees which you took)`;

/**
 * The results as a report shows them to the student: an objective's hint only when it was taken
 * (`awswo hint`, `grade --hints`); otherwise a note on how to ask for it.
 */
export function withHintsShown<R extends { drill: string; objectives: ReadonlyArray<{ id: string; hint: string }> }>(results: readonly R[], records: readonly HintRecord[]): R[] {
  const taken = new Set(records.map((r) => `${r.drill}\0${r.objective}`));
  return results.map((r) => ({ ...r, objectives: r.objectives.map((o) => (taken.has(`${r.drill}\0${o.id}`) ? o : { ...o, hint: hiddenHint(r.drill) })) }));
}

/** The results with each passed objective's hint cost on it, so the platforms' points match the score. */
export function withHintCosts<R extends { drill: string; objectives: ReadonlyArray<{ id: string }> }>(results: readonly R[], deductions: Readonly<Record<string, Readonly<Record<string, number>>>>): R[] {
  return results.map((r) => ({ ...r, objectives: r.objectives.map((o) => (deductions[r.drill]?.[o.id] ? { ...o, hintCost: deductions[r.drill][o.id] } : o)) }));
}
