import MarkdownIt from 'markdown-it';
import { renderMarkdown } from '../../../lib/report/markdown';
import { hostileReport, rawUnsafe, sampleReport } from './fixtures';

// The worst case for a Markdown viewer: raw HTML allowed, links and bare URLs made clickable.
const md = new MarkdownIt({ html: true, linkify: true });

describe('markdown report', () => {
  test('a table row per objective, the review state, the score and where the work stands', () => {
    const out = renderMarkdown(sampleReport());
    expect(out).toContain('| Objective runbook | 1.1 | **ERROR** | check could not run: RUNBOOK.md is missing |');
    expect(out).toContain('Review: **APPROVED by ana at 2025-06-02T09:00:00Z**');
    expect(out).toContain('not ready for instructor review: 1 objective could not be verified');
  });
  test('student text adds no row, column, link, image, emphasis or HTML, and no control character', () => {
    const out = renderMarkdown(hostileReport());
    expect(rawUnsafe(out)).toBeUndefined();
    const html = md.render(out);
    // Each objectives table has a header row and one row per objective (3, then 1), each of 4 cells.
    const tables = html.split('<table>').slice(1).map((t) => t.split('</table>')[0]);
    const rows = tables.map((t) => (t.match(/<tr>/g) ?? []).length);
    expect(rows.slice(0, 2)).toEqual([4, 2]);
    for (const t of tables) {
      for (const row of t.match(/<tr>[\s\S]*?<\/tr>/g) ?? []) expect((row.match(/<t[dh]>/g) ?? []).length).toBe(4);
    }
    // (A bare URL stays a URL: linkify shows it as itself; Markdown link syntax makes no link.)
    expect(html).not.toMatch(/<script|<img|>link<\/a>|<em>|<strong>bold|<!--/);
    expect(html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
  });
});
