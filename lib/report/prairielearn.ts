import { checkLines, drillLines, points, summaryLine, verdictLines } from './detail';
import { Report, reviewLine, reviewOf } from './report';
import { jsonText, shown } from './safe-text';

const text = (ls: readonly string[]) => ls.map((l) => shown(l)).join('\n');

/**
 * PrairieLearn's external grading results.json
 * (https://prairielearn.readthedocs.io/en/latest/externalGrading/#grading-results): score 0–1 from
 * the objectives' weights, a test per objective with points and max_points. When any objective
 * could not be verified (ERROR) the submission is `gradable: false` with score 0: PrairieLearn then
 * awards nothing and takes no attempt, and format_errors say what could not be checked.
 */
export function renderPrairieLearn(report: Report): string {
  const objectives = report.results.flatMap((r) => r.objectives.map((o) => ({ r, o })));
  const possible = objectives.reduce((n, { o }) => n + o.weight, 0);
  const earned = objectives.reduce((n, { o }) => n + points(o), 0);
  const errors = objectives.filter(({ o }) => o.status === 'error').map(({ r, o }) => shown(`${r.drill}: ${o.title}: ${o.message}`));
  if (possible === 0) errors.push('nothing was graded: no objective carries any weight');
  const gradable = errors.length === 0;
  const message = [summaryLine(report), ...report.results.map((r) => `${r.drill}: review: ${reviewLine(reviewOf(r))}`)];
  return jsonText({
    gradable,
    score: gradable ? Math.min(1, Math.max(0, earned / possible)) : 0,
    ...(gradable ? {} : { format_errors: errors }),
    message: text(message),
    output: text(report.results.flatMap((r) => drillLines(r).map((l) => `${r.drill}: ${l}`))),
    tests: objectives.map(({ r, o }) => ({
      name: shown(`${r.drill}: ${o.title}`),
      description: shown(`objective ${o.id}, SOA-C03 task ${o.soaTask}, weight ${o.weight}`),
      points: points(o),
      max_points: o.weight,
      message: text(verdictLines(o)),
      output: text(checkLines(o)),
    })),
  });
}
