// Regenerates every drill's baseline.template.json: the pristine lab as the grader synthesizes it
// (in the sandbox), for the fixed baseline identity. The scope diff compares students' templates
// with it; the proof suite checks it is current.
import * as fs from 'fs';
import * as path from 'path';
import { catalog } from '../drills/registry';
import { pristineAttempt } from '../lib/grading/attempt';
import { baselineFile } from '../lib/grading/baseline';
import { synthesizeBaselines } from '../lib/grading/grade-attempt';

(async () => {
  const only = process.argv.slice(2);
  const drills = catalog.all().filter((d) => only.length === 0 || only.includes(d.id));
  const templates = await synthesizeBaselines(drills.map((drill) => ({ drill, attempt: pristineAttempt(drill) })));
  let failed = false;
  for (const [i, drill] of drills.entries()) {
    const t = templates[i];
    if (typeof t === 'string') {
      console.error(`${drill.id}: ${t}`);
      failed = true;
      continue;
    }
    fs.writeFileSync(baselineFile(drill), JSON.stringify(t, null, 2) + '\n');
    console.log(`wrote ${path.relative(process.cwd(), baselineFile(drill))}`);
  }
  process.exitCode = failed ? 1 : 0;
})();
