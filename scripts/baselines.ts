// Regenerates every drill's baseline.template.json: the pristine lab as the grader synthesizes it
// (in the sandbox), for the fixed baseline identity. The scope diff compares students' templates
// with it; the proof suite checks it is current. Beside it, baseline.acknowledgements.json: what the
// pristine lab acknowledges, so reports tell the lab's acknowledgements from a student's.
import * as fs from 'fs';
import * as path from 'path';
import { catalog } from '../drills/registry';
import { pristineAttempt } from '../lib/grading/attempt';
import { baselineAcknowledgementsFile, baselineFile } from '../lib/grading/baseline';
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
    for (const [file, data] of [[baselineFile(drill), t.template], [baselineAcknowledgementsFile(drill), t.acknowledgements]] as const) {
      fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
      console.log(`wrote ${path.relative(process.cwd(), file)}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
})();
