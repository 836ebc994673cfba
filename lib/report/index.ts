import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import { Report, ReportFormat } from './report';
import { renderText } from './text';

export * from './report';

export function render(report: Report, format: ReportFormat): string {
  switch (format) {
    case 'json': return renderJson(report);
    case 'junit': return renderJunit(report);
    case 'md': return renderMarkdown(report);
    case 'text': return renderText(report);
  }
}
