import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Drill } from '../../lib/model/drill';
import { documentNames } from '../../lib/grading/attempt';
import { LIBRARY_ROOT } from '../../lib/paths';

/**
 * A student workspace in a temporary folder, laid out like a handout: for each drill, its lab.ts
 * (the reference solution when `solved`, else the pristine lab) and its documents (the reference
 * ones when solved, else the blank templates). `edit` may change any file before it is written.
 */
export function makeWorkspace(drills: readonly Drill[], opts: { solved?: boolean; edit?: (rel: string, text: string) => string } = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-ws-'));
  for (const drill of drills) {
    const rel = path.relative(LIBRARY_ROOT, drill.dir);
    const dir = path.join(root, rel);
    fs.mkdirSync(dir, { recursive: true });
    const write = (name: string, from: string) => {
      const text = fs.readFileSync(path.join(drill.dir, from), 'utf8');
      fs.writeFileSync(path.join(dir, name), opts.edit ? opts.edit(path.join(rel, name), text) : text);
    };
    write('lab.ts', opts.solved ? 'solution.ts' : 'lab.ts');
    for (const doc of documentNames(drill)) write(doc, opts.solved ? doc.replace(/\.md$/, '.solution.md') : doc);
  }
  return root;
}

export function removeWorkspace(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}
