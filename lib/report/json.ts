import type { Report } from './report';

/** One drill: `{ drill, passed, objectives: [{ id, title, status, message, hint, soaTask }] }`; several: a report. */
export function renderJson(report: Report): string {
  if (report.results.length === 1) {
    const r = report.results[0];
    return JSON.stringify({ ...r, score: report.score, certification: report.certification, workspace: report.workspace }, null, 2) + '\n';
  }
  return JSON.stringify(report, null, 2) + '\n';
}
