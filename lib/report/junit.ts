import { isLiveCheck, isLiveResult, LiveObjectiveResult } from '../model/live-result';
import { evidenceLine, liveHeader, waitLine } from './live';
import type { Report } from './report';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JUnit XML: a test suite per drill, a test case per objective; fail → failure, error → error. */
export function renderJunit(report: Report): string {
  const suites = report.results.map((r) => {
    const failures = r.objectives.filter((o) => o.status === 'fail').length;
    const errors = r.objectives.filter((o) => o.status === 'error').length;
    const cases = r.objectives.map((o) => {
      const name = `${o.id}: ${o.title}`;
      const open = `    <testcase classname="awswo.${esc(r.drill)}" name="${esc(name)}" time="0">`;
      const live = liveOutput(o as LiveObjectiveResult);
      const out = live ? `\n      <system-out>${esc(live)}</system-out>` : '';
      if (o.status === 'pass') return out ? `${open}${out}\n    </testcase>` : `${open}</testcase>`;
      const tag = o.status === 'fail' ? 'failure' : 'error';
      return `${open}\n      <${tag} message="${esc(o.message)}">${esc(`hint: ${o.hint}`)}</${tag}>${out}\n    </testcase>`;
    });
    const props = isLiveResult(r)
      ? [`    <system-out>${esc([liveHeader(r), ...r.live.waits.map(waitLine), ...r.live.warnings.map((w) => `WARNING: ${w}`)].join('\n'))}</system-out>`]
      : [];
    return [
      `  <testsuite name="awswo.${esc(r.drill)}" tests="${r.objectives.length}" failures="${failures}" errors="${errors}" time="${(r.durationMs / 1000).toFixed(3)}">`,
      ...cases,
      ...props,
      '  </testsuite>',
    ].join('\n');
  });
  const tests = report.results.reduce((n, r) => n + r.objectives.length, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="awswo" tests="${tests}">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** The live checks of an objective and their evidence, as the test case's output. */
function liveOutput(o: LiveObjectiveResult): string {
  const lines: string[] = [];
  for (const c of o.checks.filter(isLiveCheck)) {
    lines.push(`live ${c.id}: ${c.status}: ${c.message}`, ...c.evidence.map((e) => `  ${evidenceLine(e, 400)}`), ...c.waits.map((w) => `  ${waitLine(w)}`));
  }
  for (const d of o.drift ?? []) lines.push(`DRIFT: ${d}`);
  return lines.join('\n');
}
