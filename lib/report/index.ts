import { renderGithubClassroom } from './github-classroom';
import { renderGradescope } from './gradescope';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import { renderPrairieLearn } from './prairielearn';
import { Report, ReportFormat } from './report';
import { renderText } from './text';

export * from './report';

export function render(report: Report, format: ReportFormat): string {
  switch (format) {
    case 'json': return renderJson(report);
    case 'junit': return renderJunit(report);
    case 'md': return renderMarkdown(report);
    case 'text': return renderText(report);
    case 'html': return renderHtml(report);
    case 'gradescope': return renderGradescope(report);
    case 'github-classroom': return renderGithubClassroom(report);
    case 'prairielearn': return renderPrairieLearn(report);
  }
}
