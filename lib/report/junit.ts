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
      if (o.status === 'pass') return `${open}</testcase>`;
      const tag = o.status === 'fail' ? 'failure' : 'error';
      return `${open}\n      <${tag} message="${esc(o.message)}">${esc(`hint: ${o.hint}`)}</${tag}>\n    </testcase>`;
    });
    return [
      `  <testsuite name="awswo.${esc(r.drill)}" tests="${r.objectives.length}" failures="${failures}" errors="${errors}" time="${(r.durationMs / 1000).toFixed(3)}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const tests = report.results.reduce((n, r) => n + r.objectives.length, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="awswo" tests="${tests}">\n${suites.join('\n')}\n</testsuites>\n`;
}
