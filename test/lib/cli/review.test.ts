// The instructor's gate end to end: review shows the evidence and records a decision; every report
// then carries the review state, STALE once the student changes anything; status certifies only
// from current approvals.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { catalog } from '../../../drills/registry';
import { REVIEW_LOG } from '../../../lib/classroom/review-log';
import { makeWorkspace, removeWorkspace } from '../../support/workspace';
import { runCli } from './run-cli';
import { useSynthMemo } from '../../support/synth-memo';

useSynthMemo();

const drills = catalog.ofModule('02');
let ws: string;
let home: string;

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-home-'));
  process.env.AWSWO_HOME = home;
  delete process.env.AWSWO_REVIEW_KEY;
  ws = makeWorkspace(drills, { solved: true });
});
afterAll(() => {
  removeWorkspace(ws);
  fs.rmSync(home, { recursive: true, force: true });
  delete process.env.AWSWO_HOME;
});

const reviewOf = (json: string, drill: string) => {
  const report = JSON.parse(json);
  return (report.results ?? [report]).find((r: { drill: string }) => r.drill === drill).review;
};

describe('awswo review', () => {
  test('bad arguments: one line, exit 2, nothing recorded', async () => {
    const cases: Array<[string[], string]> = [
      [['review', '--reviewer', 'Ana'], 'review needs --workspace DIR'],
      [['review', '--workspace', ws], 'review needs --reviewer NAME'],
      [['review', '--workspace', ws, '--reviewer', 'Ana\nAPPROVED'], 'is not a reviewer name'],
      [['review', '--workspace', ws, '--reviewer', 'Ana', '--reject'], '--reject needs --reason TEXT'],
      [['review', '--workspace', ws, '--reviewer', 'Ana', '--reject', '--reason', '  '], '--reject needs --reason TEXT'],
      [['review', '--workspace', ws, '--reviewer', 'Ana', '--approve', '--reject', '--reason', 'x'], 'not both'],
      [['review', '--workspace', ws, '--reviewer', 'Ana', '--reason', 'x'], '--reason goes with --approve or --reject'],
      [['review', '--workspace', ws, '--reviewer', 'Ana', '--reject', '--reason', 'a\u001b[2Kb'], 'one line'],
      [['review', '--workspace', ws, '--reviewer', 'Ana', 'nope'], 'unknown drill "nope"'],
      [['review', '--workspace', path.join(ws, 'missing'), '--reviewer', 'Ana'], 'workspace not found'],
    ];
    for (const [argv, message] of cases) {
      const r = await runCli(...argv);
      expect({ argv, code: r.code, out: r.out }).toEqual({ argv, code: 2, out: '' });
      expect(r.err).toContain(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    expect(fs.existsSync(path.join(ws, REVIEW_LOG))).toBe(false);
  });

  test('shows the evidence an instructor verifies, then records the approval', async () => {
    const r = await runCli('review', '--workspace', ws, '--reviewer', 'Ana Lima', '--approve', 'iam-wildcard-role');
    expect(r.code).toBe(0);
    expect(r.out).toContain('automatic result: PASS, 4/4 objectives, drill score 1000/1000');
    expect(r.out).toContain('-- permission discipline');
    expect(r.out).toMatch(/IAM changes against the pristine lab \(\d+\):\n\s+(added|updated|removed|replaced)/);
    expect(r.out).toMatch(/OpsRole|ReportFunctionRole|AuditorUser/);
    expect(r.out).toContain('cdk-nag findings on changed resources');
    expect(r.out).toContain('wildcard and admin use in the template: none');
    expect(r.out).toContain('-- RUNBOOK.md (drills/02-iam/iam-wildcard-role/RUNBOOK.md)');
    expect(r.out).toContain('| ## Record');
    expect(r.out).toContain('-- hints taken: none');
    expect(r.out).toMatch(/recorded: iam-wildcard-role APPROVED by Ana Lima at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(record 1 of \.awswo\/reviews\.jsonl/);
    const record = JSON.parse(fs.readFileSync(path.join(ws, REVIEW_LOG), 'utf8').trim());
    expect(record).toMatchObject({ reviewer: 'Ana Lima', drill: 'iam-wildcard-role', decision: 'APPROVED', seq: 1 });
    expect(Object.keys(record.evidence).sort()).toEqual(['documents', 'lab', 'report', 'template']);
    expect(Object.keys(record.evidence.documents)).toEqual(['RUNBOOK.md']);
  }, 180_000);

  test('the pristine lab shows the wildcard and admin grants it still has', async () => {
    const pristine = makeWorkspace([catalog.find('iam-wildcard-role')!]);
    try {
      const r = await runCli('review', '--workspace', pristine, '--reviewer', 'Ana');
      expect(r.code).toBe(0);
      expect(r.out).toContain('AWS managed policy AdministratorAccess');
      expect(r.out).toMatch(/wildcard and admin use in the template \(\d+\):/);
      expect(r.out).toContain('no decision recorded');
      expect(fs.existsSync(path.join(pristine, REVIEW_LOG))).toBe(false);
    } finally {
      removeWorkspace(pristine);
    }
  }, 180_000);

  test('every report carries the review; a change after the approval makes it STALE', async () => {
    const graded = await runCli('grade', '--module', '02', '--workspace', ws, '--format', 'json');
    expect(graded.code).toBe(0);
    expect(reviewOf(graded.out, 'iam-wildcard-role')).toMatchObject({ state: 'APPROVED', reviewer: 'Ana Lima' });
    expect(reviewOf(graded.out, 'access-denied-parameter')).toEqual({ state: 'NOT REVIEWED' });
    const junit = await runCli('grade', 'iam-wildcard-role', '--workspace', ws, '--format', 'junit');
    expect(junit.out).toMatch(/<property name="review" value="APPROVED by Ana Lima at [^"]+"/);

    const runbook = path.join(ws, 'drills/02-iam/iam-wildcard-role/RUNBOOK.md');
    const before = fs.readFileSync(runbook, 'utf8');
    fs.writeFileSync(runbook, before + '\nOne more line after the approval.\n');
    try {
      const stale = await runCli('grade', 'iam-wildcard-role', '--workspace', ws, '--format', 'json');
      expect(reviewOf(stale.out, 'iam-wildcard-role')).toMatchObject({ state: 'STALE', reviewer: 'Ana Lima', reason: 'RUNBOOK.md changed' });
      const text = await runCli('grade', 'iam-wildcard-role', '--workspace', ws);
      expect(text.out).toMatch(/review: STALE \(approved by Ana Lima at [^)]+\): the work changed after the approval: RUNBOOK\.md changed/);
    } finally {
      fs.writeFileSync(runbook, before);
    }
    // Put back as approved: the approval applies again (the evidence is the one approved).
    const again = await runCli('grade', 'iam-wildcard-role', '--workspace', ws, '--format', 'json');
    expect(reviewOf(again.out, 'iam-wildcard-role')).toMatchObject({ state: 'APPROVED' });
  }, 300_000);

  test('a rejection needs its reason and is reported with it; status certifies nothing', async () => {
    const r = await runCli('review', '--workspace', ws, '--reviewer', 'Bo', '--reject', '--reason', 'the rollback path is not tested', 'access-denied-parameter');
    expect(r.code).toBe(0);
    expect(r.out).toContain('recorded: access-denied-parameter REJECTED by Bo');
    const status = await runCli('status', '--workspace', ws);
    expect(status.code).toBe(1);
    expect(status.out).toContain('module 02 IAM & Permissions: NOT APPROVED');
    expect(status.out).toMatch(/iam-wildcard-role\s+PASS\s+APPROVED by Ana Lima/);
    expect(status.out).toMatch(/access-denied-parameter\s+PASS\s+REJECTED by Bo at \S+: the rollback path is not tested/);
    expect(status.out).toContain('overall: NOT CERTIFIED');
    expect(status.out).not.toMatch(/overall: CERTIFIED/);
  }, 300_000);

  test('a tampered log counts for nothing, in every report', async () => {
    const file = path.join(ws, REVIEW_LOG);
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace('"REJECTED"', '"APPROVED"'));
    try {
      const graded = await runCli('grade', 'access-denied-parameter', '--workspace', ws, '--format', 'json');
      expect(reviewOf(graded.out, 'access-denied-parameter')).toMatchObject({ state: 'NOT REVIEWED', reason: expect.stringContaining('tampered') });
      expect(graded.err).toContain('the review log was tampered with (line 2 was edited after it was recorded)');
      const review = await runCli('review', '--workspace', ws, '--reviewer', 'Ana', '--approve', 'access-denied-parameter');
      expect(review.code).toBe(2);
      expect(review.err).toMatch(/tampered/);
    } finally {
      fs.writeFileSync(file, original);
    }
  }, 300_000);

  test('a drill that could not be graded cannot be approved', async () => {
    const broken = makeWorkspace([catalog.find('access-denied-parameter')!], { solved: true, edit: (rel, text) => (rel.endsWith('lab.ts') ? text + '\nthis is not TypeScript(\n' : text) });
    try {
      const r = await runCli('review', '--workspace', broken, '--reviewer', 'Ana', '--approve');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/cannot approve access-denied-parameter: the drill could not be graded/);
      expect(fs.existsSync(path.join(broken, REVIEW_LOG))).toBe(false);
    } finally {
      removeWorkspace(broken);
    }
  }, 180_000);
});
