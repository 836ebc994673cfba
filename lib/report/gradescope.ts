import { checkLines, drillLines, points, summaryLine, verdictLines } from './detail';
import { Report, reviewLine, reviewOf } from './report';
import { jsonText, shown } from './safe-text';

const text = (ls: readonly string[]) => ls.map((l) => shown(l)).join('\n');

/**
 * Gradescope's results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/): a test
 * per objective worth its weight, earned only when it passes. Gradescope has no "not gradable": an
 * objective that could not be verified is a failed test worth 0 whose output says ERROR. Output is
 * declared plain text, so student text is never read as HTML or Markdown.
 */
export function renderGradescope(report: Report): string {
  const tests = report.results.flatMap((r, i) =>
    r.objectives.map((o, j) => ({
      name: shown(`${r.drill}: ${o.title}`),
      number: `${i + 1}.${j + 1}`,
      score: points(o),
      max_score: o.weight,
      status: o.status === 'pass' ? 'passed' : 'failed',
      output: text([...verdictLines(o), ...checkLines(o)]),
      tags: [`drill:${r.drill}`, `module:${r.module}`, `SOA-C03:${o.soaTask}`, o.status],
      visibility: 'visible',
      extra_data: { drill: r.drill, objective: o.id, status: o.status, soaTask: o.soaTask },
    })),
  );
  const output = [summaryLine(report), ...report.results.flatMap((r) => [`${r.drill}: review: ${reviewLine(reviewOf(r))}`, ...drillLines(r).map((l) => `${r.drill}: ${l}`)])];
  return jsonText({
    score: tests.reduce((n, t) => n + t.score, 0),
    execution_time: Math.round(report.results.reduce((n, r) => n + r.durationMs, 0) / 1000),
    output: text(output),
    output_format: 'text',
    test_output_format: 'text',
    test_name_format: 'text',
    visibility: 'visible',
    extra_data: {
      tool: report.tool,
      kind: report.kind,
      generatedAt: report.generatedAt,
      scaledScore: report.score.scaled,
      passMark: report.score.passMark,
      domains: report.score.domains,
      reviews: Object.fromEntries(report.results.map((r) => [r.drill, reviewOf(r)])),
      certification: report.certification,
    },
    tests,
  });
}
