import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { catalog } from '../../../drills/registry';
import { renderReviewEvidence, reviewEvidence } from '../../../lib/classroom/review';
import { pristineAttempt, solutionAttempt, withLab } from '../../../lib/grading/attempt';
import { gradeStatic } from '../../../lib/grading/grade-attempt';
import { reportOf } from '../report/fixtures';
import { renderText } from '../../../lib/report/text';
import type { Drill, Objective, StaticCheck, StaticEvidence } from '../../../lib/model/drill';
import { fail, pass } from '../../../lib/model/verdict';
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

describe('acknowledgements: the lab\'s own are told from the student\'s by the pristine lab, not by their wording', () => {
  const iam = catalog.find('iam-wildcard-role')!;
  test('a student\'s acknowledgement in the lab\'s words, or the lab\'s with another reason, is the student\'s; the text report and the review show it', async () => {
    const lab = pristineAttempt(iam).labFile;
    const tricked = variant(lab, 'acknowledgement-in-lab-words', [
      // The lab's reason copied onto a grant the student added...
      ["    new lambda.Function(this, 'ReportFunction', {", `    functionRole.addToPolicy(new iam.PolicyStatement({ actions: ['logs:*'], resources: ['*'] }));
    Validations.of(functionRole).acknowledge({ id: 'AwsSolutions-IAM5[Action::logs:*]', reason: 'LAB: server access logs would need a second bucket per lab; labs live for hours and CloudTrail covers the audit drills' });
    new lambda.Function(this, 'ReportFunction', {`],
      // ... and one of the lab's own acknowledgements given another reason.
      ["Validations.of(auditor).acknowledge({ id: 'Awswo-IAMNoWildcardActions', reason: 'DRILL: trap user-inline-policy' });", "Validations.of(auditor).acknowledge({ id: 'Awswo-IAMNoWildcardActions', reason: 'DRILL: the auditor needs every S3 action' });"],
    ]);
    const [pristine, student] = await gradeStatic([{ drill: iam, attempt: pristineAttempt(iam) }, { drill: iam, attempt: withLab(pristineAttempt(iam), tricked) }]);
    expect(pristine.result.acknowledgements.length).toBeGreaterThan(0);
    expect(pristine.result.acknowledgements.filter((a) => !a.byLab)).toEqual([]);
    const theirs = student.result.acknowledgements.filter((a) => !a.byLab);
    expect(theirs.map((a) => `${a.rule} ${a.reason}`).sort()).toEqual([
      'AwsSolutions-IAM5[Action::logs:*] LAB: server access logs would need a second bucket per lab; labs live for hours and CloudTrail covers the audit drills',
      'Awswo-IAMNoWildcardActions DRILL: the auditor needs every S3 action',
    ]);
    // The lab's own stay marked as the lab's: the rest of the trap acknowledgements are unchanged.
    expect(student.result.acknowledgements.filter((a) => a.byLab).length).toBe(pristine.result.acknowledgements.length - 1);
    const text = renderText(reportOf([student.result], '/work/ws', 'static', {}));
    const review = renderReviewEvidence(reviewEvidence(iam, student, student.result, [], { state: 'NOT REVIEWED', current: false }));
    for (const out of [text, review]) {
      expect(out).toContain('AwsSolutions-IAM5[Action::logs:*]');
      expect(out).toContain('DRILL: the auditor needs every S3 action');
      expect(out).not.toContain('DRILL: trap function-wildcard');
    }
  }, 60_000);
});

describe('objectives judged while cdk-nag runs', () => {
  const iam = catalog.find('iam-wildcard-role')!;
  test('a check that reads the findings gets them, even one that swallows what it meets while they are pending; one that does not runs once', async () => {
    const runs = { plain: 0 };
    const plain: StaticCheck['run'] = (e) => {
      runs.plain++;
      return Object.keys(e.template.Resources ?? {}).length > 0 ? pass('has resources') : fail('no resources');
    };
    const seen: Record<string, unknown> = {};
    const check = (id: string, run: StaticCheck['run']): Objective => ({ ...iam.objectives[0], id, checks: [{ id, run }] });
    const swallowing = (id: string, look: (nag: StaticEvidence['nag']) => number): Objective => check(id, (e) => {
      try {
        const n = look(e.nag);
        seen[id] = n;
        return n > 0 ? fail(`${n} findings`) : pass('no findings');
      } catch {
        return pass('the findings could not be read');
      }
    });
    const probe: Drill = {
      ...iam,
      objectives: [
        swallowing('length', (nag) => nag.length),
        swallowing('keys', (nag) => Object.keys(nag).length),
        swallowing('spread', (nag) => [...nag].length),
        swallowing('instance', (nag) => (nag instanceof Array ? nag.filter(() => true).length : -1)),
        check('plain', plain),
        // Beside a check that reads the findings, in one objective.
        { ...check('mixed', plain), checks: [{ id: 'plain', run: plain }, { id: 'findings', run: (e) => (e.nag.length > 0 ? fail('findings') : pass('none')) }] },
      ],
    };
    const [graded] = await gradeStatic([{ drill: probe, attempt: pristineAttempt(iam) }]);
    const statuses = Object.fromEntries(graded.result.objectives.map((o) => [o.id, o.status]));
    // The pristine lab has cdk-nag findings: every check that counts them sees them all.
    expect(statuses).toEqual({ length: 'fail', keys: 'fail', spread: 'fail', instance: 'fail', plain: 'pass', mixed: 'fail' });
    expect(new Set(Object.values(seen)).size).toBe(1);
    expect(seen.length).toBeGreaterThan(0);
    expect(runs.plain).toBe(2);
  }, 60_000);
});
