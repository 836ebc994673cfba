import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { catalog } from '../../../drills/registry';
import { solutionAttempt, withLab } from '../../../lib/grading/attempt';
import { gradeStatic } from '../../../lib/grading/grade-attempt';
import { variant } from '../../drills/variant';

const drill = catalog.find('access-denied-parameter')!;

describe('one synthesis per lab in a batch', () => {
  test('attempts with the same lab share a synthesis (one identity); another lab gets its own', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-shared-'));
    try {
      // The same lab with another runbook, and a copy of the lab under another name (other code: its path is in the bundle).
      const runbook = path.join(dir, 'RUNBOOK.md');
      fs.writeFileSync(runbook, fs.readFileSync(solutionAttempt(drill).documents['RUNBOOK.md'], 'utf8').replace(/^# .*$/m, '# Another title'));
      const solution = solutionAttempt(drill);
      const copy = variant(solution.labFile, 'shared-synthesis-copy', []);
      const graded = await gradeStatic([
        { drill, attempt: solution },
        { drill, attempt: { ...solution, documents: { ...solution.documents, 'RUNBOOK.md': runbook } } },
        { drill, attempt: withLab(solution, copy) },
      ]);
      expect(graded.map((g) => g.result.status)).toEqual(['pass', 'pass', 'pass']);
      expect(graded[1].identity).toEqual(graded[0].identity);
      expect(graded[2].identity).not.toEqual(graded[0].identity);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
