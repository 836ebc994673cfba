import { Report, reviewOf } from './report';
import { jsonText } from './safe-text';

/**
 * One drill: `{ drill, passed, objectives: [{ id, title, status, message, hint, soaTask }], review, ... }`;
 * several: the report, each result with its review. Values are kept whole (this is data); the
 * text holds no raw control or bidirectional character (each is a \u escape).
 */
export function renderJson(report: Report): string {
  const results = report.results.map((r) => ({ ...r, review: reviewOf(r) }));
  if (results.length === 1) {
    return jsonText({ ...results[0], score: report.score, certification: report.certification, workspace: report.workspace, generatedAt: report.generatedAt });
  }
  return jsonText({ ...report, results });
}
