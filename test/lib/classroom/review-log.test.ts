import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { EvidenceDigest } from '../../../lib/classroom/evidence-digest';
import { canonicalHash, changedEvidence } from '../../../lib/classroom/evidence-digest';
import { appendDecisions, readReviewLog, REVIEW_LOG, reviewerNameError, reviewState } from '../../../lib/classroom/review-log';

const evidence = (over: Partial<EvidenceDigest> = {}): EvidenceDigest => ({ lab: 'l1', template: 't1', documents: { 'RUNBOOK.md': 'r1' }, report: 'p1', ...over });
const KEY = Buffer.from('the reviewers key');
const OTHER_KEY = Buffer.from('a key a student made up');

let ws: string;
let home: string;
beforeEach(() => {
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-reviewlog-'));
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-home-'));
  process.env.AWSWO_HOME = home;
  delete process.env.AWSWO_REVIEW_KEY;
});
afterEach(() => {
  fs.rmSync(ws, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
  delete process.env.AWSWO_HOME;
});

const lines = () => fs.readFileSync(path.join(ws, REVIEW_LOG), 'utf8').split('\n').filter(Boolean);
const writeLines = (l: string[]) => fs.writeFileSync(path.join(ws, REVIEW_LOG), l.map((x) => x + '\n').join(''));
const three = () => appendDecisions(ws, [
  { reviewer: 'Ana Lima', drill: 'a', decision: 'APPROVED', evidence: evidence() },
  { reviewer: 'Ana Lima', drill: 'b', decision: 'REJECTED', reason: 'no rollback path', evidence: evidence() },
  { reviewer: 'Bo', drill: 'a', decision: 'APPROVED', evidence: evidence() },
], KEY);

describe('the review log', () => {
  test('records chain, carry the evidence digest and verify with the key', () => {
    three();
    const log = readReviewLog(ws, KEY);
    expect(log.integrity).toBe('verified');
    expect(log.records.map((r) => [r.seq, r.drill, r.decision, r.reviewer])).toEqual([[1, 'a', 'APPROVED', 'Ana Lima'], [2, 'b', 'REJECTED', 'Ana Lima'], [3, 'a', 'APPROVED', 'Bo']]);
    expect(log.records[1].prev).toBe(log.records[0].hash);
    expect(log.records[0].evidence).toEqual(evidence());
    expect(new Set(log.records.map((r) => r.log)).size).toBe(1);
    expect(reviewState(log, 'a', evidence())).toMatchObject({ state: 'APPROVED', reviewer: 'Bo', current: true });
    expect(reviewState(log, 'b', evidence())).toMatchObject({ state: 'REJECTED', reason: 'no rollback path', current: false });
    expect(reviewState(log, 'c', evidence())).toEqual({ state: 'NOT REVIEWED', current: false });
  });

  test('an approval whose evidence changed is STALE, naming what changed', () => {
    three();
    const log = readReviewLog(ws, KEY);
    expect(reviewState(log, 'a', evidence({ documents: { 'RUNBOOK.md': 'r2' } }))).toMatchObject({ state: 'STALE', reason: 'RUNBOOK.md changed', current: false });
    expect(reviewState(log, 'a', evidence({ template: 't2', report: 'p2' }))).toMatchObject({ state: 'STALE', reason: 'template, report changed' });
    expect(reviewState(log, 'a', evidence({ lab: 'l2' }))).toMatchObject({ state: 'STALE', reason: 'lab.ts changed' });
    expect(reviewState(log, 'a', evidence({ documents: { 'RUNBOOK.md': 'r1', 'INCIDENT.md': 'i1' } }))).toMatchObject({ state: 'STALE', reason: 'INCIDENT.md changed' });
    expect(reviewState(log, 'a', undefined)).toMatchObject({ state: 'STALE' });
    expect(changedEvidence(evidence(), evidence())).toEqual([]);
  });

  test('without the key the chain is checked but the approval is not trusted', () => {
    three();
    const log = readReviewLog(ws, undefined);
    expect(log.integrity).toBe('unverified');
    expect(reviewState(log, 'a', evidence())).toMatchObject({ state: 'APPROVED', current: false, reason: expect.stringContaining('not verified') });
  });

  describe('tampering is detected, and then no decision counts', () => {
    const tampered = (problem: RegExp) => {
      const log = readReviewLog(ws, KEY);
      expect(log.integrity).toBe('tampered');
      expect(log.problems.join('; ')).toMatch(problem);
      expect(reviewState(log, 'a', evidence())).toMatchObject({ state: 'NOT REVIEWED', current: false, reason: expect.stringContaining('tampered') });
      expect(() => appendDecisions(ws, [{ reviewer: 'Ana', drill: 'a', decision: 'APPROVED', evidence: evidence() }], KEY)).toThrow(/tampered/);
    };
    test('an edited decision (REJECTED turned into APPROVED)', () => {
      three();
      const l = lines();
      writeLines([l[0], l[1].replace('"REJECTED"', '"APPROVED"'), l[2]]);
      tampered(/line 2 was edited/);
    });
    test('an edited line whose hash was recomputed: its MAC does not verify', () => {
      three();
      const l = lines();
      const r = JSON.parse(l[1]);
      r.decision = 'APPROVED';
      delete r.reason;
      const { hash: _h, mac: _m, ...rest } = r;
      r.hash = canonicalHash(rest);
      writeLines([l[0], JSON.stringify(r), l[2]]);
      tampered(/line 2 was not written with the reviewers' key|line 3 does not follow/);
    });
    test('a line removed from the middle', () => {
      three();
      const l = lines();
      writeLines([l[0], l[2]]);
      tampered(/removed/);
    });
    test('the last line removed (a rejection that followed an approval)', () => {
      appendDecisions(ws, [{ reviewer: 'Ana', drill: 'a', decision: 'APPROVED', evidence: evidence() }], KEY);
      appendDecisions(ws, [{ reviewer: 'Ana', drill: 'a', decision: 'REJECTED', reason: 'copied work', evidence: evidence() }], KEY);
      writeLines(lines().slice(0, 1));
      tampered(/records 2 to 2 were removed from the end/);
    });
    test('a forged approval appended by someone without the key', () => {
      three();
      const l = lines();
      const last = JSON.parse(l[2]);
      const forged: Record<string, unknown> = { ...last, seq: 4, drill: 'b', decision: 'APPROVED', prev: last.hash };
      delete forged.hash;
      delete forged.mac;
      const hash = canonicalHash(forged);
      const mac = createHash('sha256').update(OTHER_KEY).update(hash).digest('hex');
      writeLines([...l, JSON.stringify({ ...forged, hash, mac })]);
      tampered(/line 4 was not written with the reviewers' key/);
    });
    test('a line that is not a record', () => {
      three();
      writeLines([...lines().slice(0, 2), '{"decision": "APPROVED"']);
      tampered(/line 3 is not a review record/);
    });
    test('lines reordered', () => {
      three();
      const l = lines();
      writeLines([l[1], l[0], l[2]]);
      tampered(/out of order|does not follow|removed/);
    });
  });

  test('the key comes from AWSWO_REVIEW_KEY or a key file made on the first decision', () => {
    appendDecisions(ws, [{ reviewer: 'Ana', drill: 'a', decision: 'APPROVED', evidence: evidence() }]);
    const keyFile = path.join(home, 'review-key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readReviewLog(ws).integrity).toBe('verified');
    process.env.AWSWO_REVIEW_KEY = 'another course';
    expect(readReviewLog(ws).integrity).toBe('tampered');
  });

  test('reviewer names', () => {
    for (const ok of ['Ana Lima', "O'Brien", 'ana.lima', 'Zoë-2']) expect(reviewerNameError(ok)).toBeUndefined();
    for (const bad of ['', ' ana', 'ana ', '1ana', 'ana\nAPPROVED', 'a'.repeat(65), 'ana\u202e', 'ana;rm']) expect(reviewerNameError(bad)).toMatch(/is not a reviewer name/);
  });
});
