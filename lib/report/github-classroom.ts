import { checkLines, points, verdictLines } from './detail';
import type { Report } from './report';
import { jsonText, shown } from './safe-text';

type Status = 'pass' | 'fail' | 'error';

/**
 * The result a GitHub Classroom autograding grader action hands to the autograding grading reporter
 * (classroom-resources/autograding-grading-reporter), as its graders build it
 * (autograding-io-grader, autograding-command-grader): `{ version: 1, status, max_score, tests }`,
 * a test per objective with its weight as score when it passes. The reporter adds up the tests'
 * scores against max_score and fails the run on any `fail` or `error`. Printed as JSON; the
 * workflow base64-encodes it into the step output `result` the reporter reads (see README.md).
 */
export function renderGithubClassroom(report: Report): string {
  const tests = report.results.flatMap((r) =>
    r.objectives.map((o) => ({
      name: shown(`${r.drill}: ${o.title}`),
      status: o.status as Status,
      message: [...verdictLines(o), ...checkLines(o)].map((l) => shown(l)).join('\n'),
      test_code: shown(`awswo grade ${r.drill} (objective ${o.id})`),
      filename: '',
      line_no: 0,
      duration: Math.round(o.durationMs ?? 0),
      score: points(o),
    })),
  );
  const status: Status = tests.some((t) => t.status === 'error') ? 'error' : tests.some((t) => t.status === 'fail') ? 'fail' : 'pass';
  return jsonText({
    version: 1,
    status,
    max_score: report.results.reduce((n, r) => n + r.objectives.reduce((m, o) => m + o.weight, 0), 0),
    tests,
  });
}
