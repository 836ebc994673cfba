// Regenerates every drill's baseline.template.json: the pristine lab as the grader synthesizes it.
// The scope diff compares students' templates with it; test/drills checks it is current.
import * as fs from 'fs';
import * as path from 'path';
import { baselineFile } from '../lib/grading/grader';
import { catalog } from '../drills/registry';
import { loadLabClass, synthLab } from '../lib/grading/synth';

process.env.CDK_VALIDATION = 'false';
const only = process.argv.slice(2);
for (const drill of catalog.all()) {
  if (only.length && !only.includes(drill.id)) continue;
  const { template } = synthLab(drill, loadLabClass(path.join(drill.dir, 'lab.ts')));
  fs.writeFileSync(baselineFile(drill), JSON.stringify(template, null, 2) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), baselineFile(drill))}`);
}
