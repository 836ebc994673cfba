import type { ObjectiveResult } from '../model/result';
import type { LiveObjectiveResult } from '../model/live-result';
import { evidenceLine, isLiveCheck, isLiveResult, liveHeader, waitLine } from './live';
import { hintLine, readiness, Report, ReportedResult } from './report';

/** Shared wording of the plain-text details the junit and platform formats carry, one line each. */

/** Every check of an objective with its message, live checks with their evidence, and drift. */
export function checkLines(o: ObjectiveResult): string[] {
  const out: string[] = [];
  for (const c of o.checks) {
    out.push(`${isLiveCheck(c) ? 'live ' : ''}check ${c.id}: ${c.status}: ${c.message}`);
    if (isLiveCheck(c)) out.push(...c.evidence.map((e) => `  ${evidenceLine(e, 400)}`), ...c.waits.map((w) => `  ${waitLine(w)}`));
  }
  for (const d of (o as LiveObjectiveResult).drift ?? []) out.push(`DRIFT: ${d}`);
  return out;
}

/** What an objective's verdict says to the student: the message, and the hint when it does not pass. */
export function verdictLines(o: ObjectiveResult): string[] {
  if (o.status === 'pass') return [o.message];
  if (o.status === 'error') return [`ERROR: could not be verified: ${o.message}`, `hint: ${o.hint}`];
  return [`FAIL: ${o.message}`, `hint: ${o.hint}`];
}

/** The drill's live run, scope diff and acknowledgements. */
export function drillLines(r: ReportedResult): string[] {
  const out: string[] = [];
  if (isLiveResult(r)) out.push(liveHeader(r), ...r.live.waits.map(waitLine), ...r.live.warnings.map((w) => `WARNING: ${w}`));
  for (const c of r.scope.changes) out.push(`changed: ${c.kind} ${c.constructId} ${c.type}${c.properties.length ? ` (${c.properties.join(', ')})` : ''}`);
  for (const v of r.scope.violations) out.push(`OUT OF SCOPE: ${v}`);
  for (const a of r.acknowledgements) out.push(`acknowledgement ${a.byLab ? "(the lab's own)" : '(not in the pristine lab)'}: ${a.path} ${a.rule} ("${a.reason}"); the grader still counts that rule`);
  return out;
}

/** `awswo static grade: scaled score 640/1000 (pass mark 720): not ready for instructor review: ...`. */
export function summaryLine(report: Report): string {
  const hints = hintLine(report.score);
  return `awswo ${report.kind} grade: scaled score ${report.score.scaled}/1000 (pass mark ${report.score.passMark})${hints ? ` (${hints})` : ''}: ${readiness(report)}; a score never certifies, an instructor's approval does`;
}

/** Points as the platforms count them: an objective's weight when it passes (less a hint's cost), nothing otherwise (an ERROR earns nothing). */
export const points = (o: ObjectiveResult) => (o.status === 'pass' ? o.weight - Math.min(o.weight, Math.max(0, o.hintCost ?? 0)) : 0);
