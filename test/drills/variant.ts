import * as fs from 'fs';
import * as path from 'path';

const VARIANTS = path.resolve(__dirname, '../.variants');

/** One edit a student made: replace `from` (which must occur exactly once) with `to`. */
export type Edit = readonly [from: string, to: string];

/**
 * A lab file as a student might have changed it: `base` (a drill's lab.ts or solution.ts) with the
 * edits applied, written under test/.variants/ with its relative imports made absolute. Each edit
 * must match exactly once, so a variant fails loudly when the lab it starts from changes.
 */
export function variant(base: string, name: string, edits: readonly Edit[]): string {
  let source = fs.readFileSync(base, 'utf8');
  for (const [from, to] of edits) {
    const count = source.split(from).length - 1;
    if (count !== 1) throw new Error(`variant ${name}: expected exactly one "${from.slice(0, 60)}" in ${base}, found ${count}`);
    source = source.replace(from, () => to);
  }
  source = source.replace(/from '(\.{1,2}\/[^']+)'/g, (_m, rel: string) => `from '${path.resolve(path.dirname(base), rel)}'`);
  const drill = path.basename(path.dirname(base));
  const file = path.join(VARIANTS, drill, `${name}.ts`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, source);
  return file;
}

/**
 * A student's documents: the drill's reference documents (RUNBOOK.solution.md → RUNBOOK.md, and
 * the others the drill declares) with the edits applied per document, written together under
 * test/.variants/<drill>/<name>/. Returns the runbook's path (the documents sit beside it, as in a
 * workspace). Each edit must match exactly once.
 */
export function documentVariant(drill: { id: string; dir: string; documents?: readonly string[] }, name: string, edits: Readonly<Record<string, readonly Edit[]>>): string {
  const dir = path.join(VARIANTS, drill.id, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const doc of ['RUNBOOK.md', ...(drill.documents ?? [])]) {
    let text = fs.readFileSync(path.join(drill.dir, doc.replace(/\.md$/, '.solution.md')), 'utf8');
    for (const [from, to] of edits[doc] ?? []) {
      const count = text.split(from).length - 1;
      if (count !== 1) throw new Error(`document variant ${name}: expected exactly one "${from.slice(0, 60)}" in ${doc}, found ${count}`);
      text = text.replace(from, () => to);
    }
    fs.writeFileSync(path.join(dir, doc), text);
  }
  for (const doc of Object.keys(edits)) if (!['RUNBOOK.md', ...(drill.documents ?? [])].includes(doc)) throw new Error(`document variant ${name}: the drill has no ${doc}`);
  return path.join(dir, 'RUNBOOK.md');
}
