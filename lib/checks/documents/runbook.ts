import MarkdownIt from 'markdown-it';
import type { Runbook, RunbookSection } from '../../model/evidence';



/** Template placeholders that do not count as content. */
const PLACEHOLDER = /^(todo|tbd|fill (this )?in|n\/a|-|…|\.\.\.)\.?$/i;
const MIN_WORDS = 3;

const md = new MarkdownIt({ html: true });

/** Parses a runbook: level-2 headings are sections; HTML comments (template guidance) are not content. */
export function parseRunbook(source: string, file = 'RUNBOOK.md'): Runbook {
  const tokens = md.parse(source, {});
  const sections: Array<{ title: string; parts: string[] }> = [];
  let current: { title: string; parts: string[] } | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'heading_open' && t.tag === 'h2') {
      current = { title: tokens[i + 1].content.trim(), parts: [] };
      sections.push(current);
      i += 2;
      continue;
    }
    if (t.type === 'heading_open' && t.tag === 'h1') {
      current = undefined;
      i += 2;
      continue;
    }
    if (!current) continue;
    if (t.type === 'inline' || t.type === 'code_block' || t.type === 'fence') {
      const text = stripComments(t.content).trim();
      if (text && !PLACEHOLDER.test(text)) current.parts.push(text);
    }
  }
  return {
    file,
    sections: sections.map(({ title, parts }) => {
      const text = parts.join('\n');
      return { title, text, filled: text.split(/\s+/).filter(Boolean).length >= MIN_WORDS };
    }),
  };
}

function stripComments(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, '');
}

/** The section with this title, compared case-insensitively. */
export function section(runbook: Runbook, title: string): RunbookSection | undefined {
  return runbook.sections.find((s) => s.title.toLowerCase() === title.toLowerCase());
}
