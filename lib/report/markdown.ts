import type { LiveObjectiveResult } from '../model/live-result';
import { evidenceLine, isLiveCheck, isLiveResult, liveHeader, waitLine } from './live';
import { hintLine, readiness, Report, reviewLine, reviewOf } from './report';
import { shown, visible } from './safe-text';

/**
 * Student text as Markdown text: control characters escaped visibly, every character Markdown or
 * inline HTML acts on backslash-escaped (CommonMark allows it before any ASCII punctuation), and in
 * a table cell no line break, so student text can neither add a row or a column nor become a link,
 * an image, emphasis or HTML.
 */
const text = (s: string) => shown(s).replace(/[\\`*_[\]<>|~&]/g, '\\$&');
const cell = text;
/** Inside a code span backslashes are literal: only its delimiter has to go. */
const code = (s: string) => `\`${shown(s).replace(/`/g, "'")}\``;
const ICON = { pass: 'pass', fail: '**FAIL**', error: '**ERROR**' } as const;

export function renderMarkdown(report: Report): string {
  const out: string[] = ['# awswo grade', '', `Workspace: ${code(report.workspace)} · ${report.kind} checks · **${report.certification}**`, ''];
  for (const r of report.results) {
    out.push(`## ${text(r.drill)}: ${text(r.title)} (module ${text(r.module)})`, '', `Review: **${text(reviewLine(reviewOf(r)))}**`, '');
    out.push('| objective | SOA-C03 | status | message |', '|---|---|---|---|');
    for (const o of r.objectives) out.push(`| ${cell(o.title)} | ${cell(o.soaTask)} | ${ICON[o.status]} | ${cell(o.message)} |`);
    if (r.scope.changes.length) {
      out.push('', 'Changed resources:', '');
      for (const c of r.scope.changes) out.push(`- ${text(c.kind)} ${code(c.constructId)} (${text(c.type)})`);
    }
    for (const v of r.scope.violations) out.push(`- **out of scope:** ${text(v)}`);
    for (const f of r.scope.findings ?? []) out.push(`- noticed (${text(f.kind)}): ${text(f.message)}`);
    if (isLiveResult(r)) {
      out.push('', `Live: ${text(liveHeader(r).replace(/^live: /, ''))}`, '');
      for (const w of r.live.warnings) out.push(`- **warning:** ${text(w)}`);
      for (const w of r.live.waits) out.push(`- ${text(waitLine(w))}`);
      for (const o of r.objectives as readonly LiveObjectiveResult[]) {
        for (const d of o.drift ?? []) out.push(`- **drift** (${text(o.id)}): ${text(d)}`);
        for (const c of o.checks.filter(isLiveCheck)) {
          out.push(`- ${ICON[c.status]} live ${code(c.id)}: ${text(c.message)}`);
          for (const e of c.evidence) out.push(`  - ${code(evidenceLine(e, 300))}`);
          for (const w of c.waits) out.push(`  - ${text(waitLine(w))}`);
        }
      }
    }
    out.push('');
  }
  out.push('## Score', '', `Scaled score **${report.score.scaled}** / 1000 (pass mark ${report.score.passMark}): ${text(readiness(report))}.`, '', ...(hintLine(report.score) ? [`${hintLine(report.score)}.`, ''] : []), '| domain | earned | possible | % |', '|---|---|---|---|');
  for (const d of report.score.domains) out.push(`| ${d.id}. ${cell(d.title)} | ${d.earned} | ${d.possible} | ${d.percent ?? '–'} |`);
  // A last guard: no raw control character reaches the document, whatever a field held.
  return out.map(visible).join('\n') + '\n';
}
