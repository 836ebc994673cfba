import type { Runbook, RunbookSection } from '../../model/evidence';

/** Template placeholders that do not count as content. */
const PLACEHOLDER = /^(todo|tbd|fill (this )?in|n\/a|-|…|\.\.\.)\.?$/i;
const MIN_WORDS = 3;

// Loaded on the first document read, not with the checks (a grade reads it while the lab synthesizes).
type MarkdownIt = InstanceType<typeof import('markdown-it')>;
let md: MarkdownIt | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const markdown = (): MarkdownIt => (md ??= new (require('markdown-it') as typeof import('markdown-it'))({ html: true }));
type Token = ReturnType<MarkdownIt['parse']>[number];

/**
 * A heading as compared: `## 1. Permissions`, `## Step 2: change plan`, `## Permissions:` and
 * `## PERMISSIONS` are all the Permissions section.
 */
export function headingKey(title: string): string {
  return title
    .toLowerCase()
    .replace(/^\s*(?:step\s*)?(?:\d+(?:\.\d+)*\s*[.):\-–]?|[ivx]+\s*[.):\-–]|[a-z]\s*[.)])\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The text of an inline token as a reader sees it rendered: text and code, line breaks as spaces;
 * nothing inside inline HTML (a `<span hidden>` or a styled span may hide it), no comments, no
 * image alt text.
 */
function visibleInline(children: readonly Token[]): string {
  let depth = 0;
  let inImage = 0;
  const out: string[] = [];
  for (const c of children) {
    if (c.type === 'html_inline') {
      const tag = /^<\s*(\/)?\s*([a-z][a-z0-9-]*)[^>]*?(\/)?\s*>$/i.exec(c.content.trim());
      if (tag && !tag[3] && !/^(br|img|hr|wbr)$/i.test(tag[2])) depth += tag[1] ? -1 : 1;
      depth = Math.max(0, depth);
      continue;
    }
    if (c.type === 'image') {
      inImage++;
      continue;
    }
    if (depth > 0 || inImage > 0) continue;
    if (c.type === 'text' || c.type === 'code_inline') out.push(c.content);
    else if (c.type === 'softbreak' || c.type === 'hardbreak') out.push(' ');
  }
  return out.join('').replace(/\s+/g, ' ').trim();
}

const words = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));

/**
 * Whether a section holds words of the student's: at least MIN_WORDS distinct words, most of them
 * not identifiers (a list of construct ids repeated is not an entry).
 */
function isFilled(text: string): boolean {
  const all = words(text);
  const distinct = new Set(all.map((w) => w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')));
  const identifiers = all.filter((w) => /^[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*$|^arn:|[A-Z0-9]{8}$/.test(w.replace(/[^\w:/-]/g, ''))).length;
  return distinct.size >= MIN_WORDS && identifiers <= all.length * 0.6;
}

/**
 * Parses a runbook as a reader sees it rendered: level-2 headings are sections (matched leniently:
 * numbering, case and punctuation aside); raw HTML and what it wraps, comments (template
 * guidance), image alt text and placeholders are not content.
 */
export function parseRunbook(source: string, file = 'RUNBOOK.md'): Runbook {
  const tokens = markdown().parse(source, {});
  const sections: Array<{ title: string; entries: string[] }> = [];
  let current: { title: string; entries: string[] } | undefined;
  let entry: string[] | undefined;
  let listDepth = 0;
  const flush = () => {
    const text = (entry ?? []).join(' ').trim();
    if (current && text && !PLACEHOLDER.test(text)) current.entries.push(text);
    entry = undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'heading_open' && (t.tag === 'h1' || t.tag === 'h2')) {
      flush();
      current = t.tag === 'h2' ? { title: visibleInline(tokens[i + 1].children ?? []), entries: [] } : undefined;
      if (current) sections.push(current);
      i += 2;
      continue;
    }
    if (!current) continue;
    if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') listDepth++;
    if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') listDepth--;
    // An entry is a top-level list item or a paragraph outside lists; nested items belong to their parent.
    if ((t.type === 'list_item_open' && listDepth === 1) || (t.type === 'paragraph_open' && listDepth === 0)) {
      flush();
      entry = [];
    }
    if ((t.type === 'list_item_close' && listDepth === 1) || (t.type === 'paragraph_close' && listDepth === 0)) flush();
    if (t.type === 'inline') (entry ??= []).push(visibleInline(t.children ?? []));
    if (t.type === 'code_block' || t.type === 'fence') {
      flush();
      entry = [t.content.trim()];
      flush();
    }
    if (t.type === 'heading_open') {
      // h3 and below: their text is content of the section.
      (entry ??= []).push(visibleInline(tokens[i + 1].children ?? []));
      i += 2;
      flush();
    }
  }
  flush();
  return {
    file,
    sections: sections.map(({ title, entries }): RunbookSection => {
      const text = entries.join('\n');
      return { title, text, entries, filled: isFilled(text) };
    }),
  };
}

/** The section with this title, matched leniently (`1. Permissions` is `Permissions`). */
export function section(runbook: Runbook, title: string): RunbookSection | undefined {
  const key = headingKey(title);
  return runbook.sections.find((s) => headingKey(s.title) === key);
}
