import { isLiveCheck, isLiveResult, LiveObjectiveResult } from '../model/live-result';
import { evidenceLine, liveHeader, waitLine } from './live';
import type { Report } from './report';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const ICON = { pass: 'pass', fail: '**FAIL**', error: '**ERROR**' } as const;

export function renderMarkdown(report: Report): string {
  const out: string[] = ['# awswo grade', '', `Workspace: \`${report.workspace}\` · ${report.kind} checks · **${report.certification}**`, ''];
  for (const r of report.results) {
    out.push(`## ${r.drill}: ${r.title} (module ${r.module})`, '', '| objective | SOA-C03 | status | message |', '|---|---|---|---|');
    for (const o of r.objectives) out.push(`| ${cell(o.title)} | ${o.soaTask} | ${ICON[o.status]} | ${cell(o.message)} |`);
    if (r.scope.changes.length) {
      out.push('', 'Changed resources:', '');
      for (const c of r.scope.changes) out.push(`- ${c.kind} \`${c.constructId}\` (${c.type})`);
    }
    for (const v of r.scope.violations) out.push(`- **out of scope:** ${v}`);
    for (const f of r.scope.findings ?? []) out.push(`- noticed (${f.kind}): ${cell(f.message)}`);
    if (isLiveResult(r)) {
      out.push('', `Live: ${liveHeader(r).replace(/^live: /, '')}`, '');
      for (const w of r.live.warnings) out.push(`- **warning:** ${w}`);
      for (const w of r.live.waits) out.push(`- ${waitLine(w)}`);
      for (const o of r.objectives as readonly LiveObjectiveResult[]) {
        for (const d of o.drift ?? []) out.push(`- **drift** (${o.id}): ${d}`);
        for (const c of o.checks.filter(isLiveCheck)) {
          out.push(`- ${ICON[c.status]} live \`${c.id}\`: ${cell(c.message)}`);
          for (const e of c.evidence) out.push(`  - \`${evidenceLine(e, 300).replace(/`/g, "'")}\``);
          for (const w of c.waits) out.push(`  - ${waitLine(w)}`);
        }
      }
    }
    out.push('');
  }
  out.push('## Score', '', `Scaled score **${report.score.scaled}** / 1000 (pass mark ${report.score.passMark}).`, '', '| domain | earned | possible | % |', '|---|---|---|---|');
  for (const d of report.score.domains) out.push(`| ${d.id}. ${cell(d.title)} | ${d.earned} | ${d.possible} | ${d.percent ?? '–'} |`);
  return out.join('\n') + '\n';
}
