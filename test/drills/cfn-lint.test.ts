// Every pristine lab and every reference solution, as synthesized, passes AWS's CloudFormation
// linter: no error, and no warning outside ACCEPTED_CFN_LINT_FINDINGS. One cfn-lint run over all
// templates. Without cfn-lint on PATH the test is reported as skipped, with one line saying so.
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { catalog } from '../../drills/registry';
import { readCache, writeCache } from '../../lib/cache';
import { solutionAttempt } from '../../lib/grading/attempt';
import { readBaseline } from '../../lib/grading/baseline';
import { synthesizeBaselines } from '../../lib/grading/grade-attempt';
import { ACCEPTED_CFN_LINT_FINDINGS } from './cfn-lint-accepted';

interface Finding {
  Rule: { Id: string };
  Message: string;
  Filename: string;
  Location?: { Path?: Array<string | number> };
}

const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
/** Where cfn-lint's findings on one template text are kept: by its version and the text. */
const lintCacheName = (file: string) => `cfn-lint/${crypto.createHash('sha256').update(`${version.stdout}\0`).update(fs.readFileSync(file)).digest('hex')}.json`;
const onPath = !version.error && version.status === 0;
const drills = catalog.all();
const TITLE = `cfn-lint finds no error and only accepted warnings in all ${drills.length * 2} lab and solution templates`;

if (!onPath) {
  process.stderr.write('cfn-lint is not on PATH: the lab and solution templates were not linted (pip install cfn-lint)\n');
  test.skip(`${TITLE} (cfn-lint not on PATH)`, () => undefined);
} else {
  test(`${TITLE} (${version.stdout.trim()})`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-cfn-lint-'));
    try {
      const files: string[] = [];
      // The pristine lab is its baseline (drill-proof.ts checks they are the same); the solutions are synthesized (sandboxed).
      const solutions = await synthesizeBaselines(drills.map((drill) => ({ drill, attempt: solutionAttempt(drill) })), { memo: true });
      for (const [i, drill] of drills.entries()) {
        const lab = path.join(dir, `${drill.id}.lab.json`);
        fs.writeFileSync(lab, JSON.stringify(readBaseline(drill)));
        const solution = path.join(dir, `${drill.id}.solution.json`);
        const synthesized = solutions[i];
        if (typeof synthesized === 'string') throw new Error(`${drill.id} solution: ${synthesized}`);
        fs.writeFileSync(solution, JSON.stringify(synthesized.template));
        files.push(lab, solution);
      }
      // Templates cfn-lint (this version) has judged before are not linted again: its findings on the same text are the same.
      const cached = files.map((f) => readCache<Finding[]>(lintCacheName(f)));
      const toLint = files.filter((_, i) => !cached[i]);
      const linted: Finding[] = [];
      if (toLint.length) {
        const run = spawnSync('cfn-lint', ['--format', 'json', '--', ...toLint], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        expect(run.error).toBeUndefined();
        // cfn-lint exits with a bit mask of what it found (2 error, 4 warning, 8 informational); 1 is a crash.
        expect({ status: run.status, stderr: run.status === 1 ? run.stderr : '' }).toEqual({ status: run.status, stderr: '' });
        linted.push(...(JSON.parse(run.stdout || '[]') as Finding[]));
        for (const f of toLint) writeCache(lintCacheName(f), linted.filter((x) => path.resolve(x.Filename) === f).map((x) => ({ ...x, Filename: path.basename(f) })));
      }
      const findings = [...cached.flatMap((c, i) => (c ?? []).map((x) => ({ ...x, Filename: files[i] }))), ...linted];
      const unexpected = findings
        .filter((f) => !ACCEPTED_CFN_LINT_FINDINGS.some((a) => a.rule === f.Rule.Id && a.message.test(f.Message)))
        .map((f) => `${f.Rule.Id} ${path.basename(f.Filename)} ${(f.Location?.Path ?? []).join('/')}: ${f.Message}`);
      expect(unexpected).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
}
