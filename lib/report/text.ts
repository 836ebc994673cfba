import type { LiveObjectiveResult } from '../model/live-result';
import { evidenceLine, isLiveCheck, isLiveResult, liveHeader, notableWait, waitLine } from './live';
import { hintLine, readiness, Report, reviewLine, reviewOf } from './report';
import { shown } from './safe-text';

const MARK = { pass: 'PASS ', fail: 'FAIL ', error: 'ERROR' } as const;

/** A line holds our wording around student text: a few hundred characters more than one field. */
const MAX_LINE = 2400;

export function renderText(report: Report): string {
  const lines: string[] = [];
  for (const r of report.results) {
    lines.push(`${r.drill} (module ${r.module}): ${r.title}`);
    if (r.error) {
      // The drill could not be graded: say why once, not once per objective.
      lines.push(`  ERROR (${r.error.kind}): ${r.error.message}`);
      for (const l of r.error.output ?? []) lines.push(`    | ${l}`);
      lines.push(`  NOT GRADED: ${r.objectives.length} objectives (${r.objectives.map((o) => o.id).join(', ')}); review: ${reviewLine(reviewOf(r))}`, '');
      continue;
    }
    for (const o of r.objectives) {
      lines.push(`  ${MARK[o.status]} ${o.title} [${o.id}, SOA-C03 ${o.soaTask}]`);
      lines.push(`         ${o.message}`);
      if (o.status !== 'pass') lines.push(`         hint: ${o.hint}`);
      for (const c of o.checks.filter(isLiveCheck)) {
        lines.push(`         live ${c.id}: ${c.status}${c.status === 'pass' ? '' : ` (${c.message})`}`);
        for (const e of c.evidence) lines.push(`           ${evidenceLine(e)}`);
        for (const w of c.waits.filter(notableWait)) lines.push(`           ${waitLine(w)}`);
      }
      for (const d of (o as LiveObjectiveResult).drift ?? []) lines.push(`         DRIFT: ${d}`);
    }
    if (isLiveResult(r)) {
      lines.push(`  ${liveHeader(r)}`);
      for (const w of r.live.waits.filter(notableWait)) lines.push(`    ${waitLine(w)}`);
      for (const w of r.live.warnings) lines.push(`  WARNING: ${w}`);
    }
    if (r.scope.changes.length) {
      lines.push(`  changed resources (${r.scope.changes.length}):`);
      for (const c of r.scope.changes) lines.push(`    ${c.kind.padEnd(8)} ${c.constructId} ${c.type}${c.properties.length ? ` (${c.properties.join(', ')})` : ''}`);
    }
    for (const v of r.scope.violations) lines.push(`  OUT OF SCOPE: ${v}`);
    for (const f of r.scope.findings ?? []) lines.push(`  noticed (${f.kind}): ${f.message}`);
    for (const a of r.acknowledgements.filter((x) => !x.byLab)) {
      lines.push(`  note: ${a.path} acknowledges ${a.rule} ("${a.reason}"); the grader still counts that rule`);
    }
    const passed = r.objectives.filter((o) => o.status === 'pass').length;
    lines.push(`  ${r.passed ? 'PASSED' : 'NOT PASSED'}: ${passed}/${r.objectives.length} objectives (${r.durationMs} ms); review: ${reviewLine(reviewOf(r))}`, '');
  }
  const s = report.score;
  const domains = s.domains.filter((d) => d.percent !== null).map((d) => `D${d.id} ${d.percent}%`).join(', ');
  lines.push(`score ${s.scaled}/1000 (pass mark ${s.passMark}); by domain: ${domains}`);
  const hints = hintLine(s);
  if (hints) lines.push(hints);
  lines.push(`${report.passed ? 'all objectives pass' : 'some objectives do not pass'}; ${readiness(report)}; certification: ${report.certification}`);
  // Escaped line by line: a line is our wording and student text, never a raw control character.
  return lines.map((l) => shown(l, MAX_LINE)).join('\n') + '\n';
}
