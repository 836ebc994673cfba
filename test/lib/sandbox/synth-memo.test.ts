import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { catalog } from '../../../drills/registry';
import { cacheDir } from '../../../lib/cache';
import { Attempt, pristineAttempt, withLab } from '../../../lib/grading/attempt';
import { gradeStatic } from '../../../lib/grading/grade-attempt';
import { bundleLab } from '../../../lib/sandbox/bundle';
import { LAB_DEFAULTS } from '../../../lib/lab/lab-context';
import { LIBRARY_ROOT } from '../../../lib/paths';
import { BASELINE_IDENTITY } from '../../../lib/sandbox/identity';
import { DEFAULT_LIMITS, SynthPool } from '../../../lib/sandbox/pool';
import { memoKey, recall, remember, synthMemoOn } from '../../../lib/sandbox/synth-memo';
import { makeWorkspace, removeWorkspace } from '../../support/workspace';
import { variant } from '../../drills/variant';

delete process.env.AWSWO_SYNTH_MEMO;

const drill = catalog.find('access-denied-parameter')!;
const job = { drillId: drill.id, module: drill.module, budgetUsd: LAB_DEFAULTS.budgetUsd as number };
const entry = (key: string) => path.join(cacheDir(), 'synth-memo', key.slice(0, 2), `${key}.json.gz`);

/** A lab of this file's own (no other test synthesizes it), and the memo's key for its grade, which is forgotten first. */
async function ownLab(name: string, edits: Parameters<typeof variant>[2] = []): Promise<{ attempt: Attempt; key: string }> {
  const labFile = variant(pristineAttempt(drill).labFile, name, [["'OrdersTable'", `'OrdersTable${name.replace(/\W/g, '')}'`], ...edits]);
  const { code } = await bundleLab(labFile, { workspace: LIBRARY_ROOT, shownAs: (f) => f });
  const key = memoKey(code, LIBRARY_ROOT, job, 2, DEFAULT_LIMITS);
  fs.rmSync(entry(key), { force: true });
  return { attempt: withLab(pristineAttempt(drill), labFile), key };
}

describe('synthMemoOn', () => {
  afterEach(() => delete process.env.AWSWO_SYNTH_MEMO);
  test('off unless asked for; AWSWO_SYNTH_MEMO=on asks; AWSWO_SYNTH_MEMO=off wins over a caller', () => {
    expect(synthMemoOn()).toBe(false);
    expect(synthMemoOn(true)).toBe(true);
    process.env.AWSWO_SYNTH_MEMO = 'on';
    expect(synthMemoOn()).toBe(true);
    expect(synthMemoOn(false)).toBe(false);
    process.env.AWSWO_SYNTH_MEMO = 'off';
    expect(synthMemoOn(true)).toBe(false);
  });
});

describe('memoKey', () => {
  let ws: string[] = [];
  afterAll(() => ws.forEach(removeWorkspace));

  test('the same lab in two workspaces has one key; another lab, job, identity count or limit has another', async () => {
    ws = [makeWorkspace([drill]), makeWorkspace([drill]), makeWorkspace([drill], { edit: (rel, text) => (rel.endsWith('lab.ts') ? text.replace("'OrdersTable'", "'OrdersTable2'") : text) })];
    const lab = (w: string) => path.join(w, path.relative(path.resolve(__dirname, '../../..'), drill.dir), 'lab.ts');
    const [a, b, other] = await Promise.all(ws.map((w) => bundleLab(lab(w), { workspace: w, shownAs: (f) => f })));
    // The bundles differ (each names its own workspace), what they run does not.
    expect(a.code).not.toBe(b.code);
    const key = (code: string, w: string, j = job, ids: number | readonly (typeof BASELINE_IDENTITY)[] = 2, limits = DEFAULT_LIMITS) => memoKey(code, w, j, ids, limits);
    expect(key(a.code, ws[0])).toBe(key(b.code, ws[1]));
    const distinct = [
      key(a.code, ws[0]),
      key(other.code, ws[2]),
      key(a.code, ws[0], { ...job, drillId: 'iam-wildcard-role' }),
      key(a.code, ws[0], { ...job, module: '05' }),
      key(a.code, ws[0], { ...job, budgetUsd: 20 }),
      key(a.code, ws[0], { ...job, allowedCidr: '203.0.113.0/24' } as typeof job),
      key(a.code, ws[0], job, 1),
      key(a.code, ws[0], job, [BASELINE_IDENTITY]),
      key(a.code, ws[0], job, 2, { ...DEFAULT_LIMITS, timeoutMs: 5_000 }),
      key(a.code, ws[0], job, 2, { ...DEFAULT_LIMITS, memoryMb: 512 }),
    ];
    expect(distinct.map((k) => distinct.indexOf(k))).toEqual(distinct.map((_, i) => i));
  }, 60_000);
});

describe('recall and remember', () => {
  const runs = [{ identity: BASELINE_IDENTITY, template: { Resources: {} }, environment: { account: '1', region: 'r' }, acknowledgements: [] }];
  const keys = [0, 1, 2].map(() => crypto.randomBytes(32).toString('hex'));
  afterAll(() => keys.forEach((k) => fs.rmSync(entry(k), { force: true })));
  test('what is kept comes back whole, for its key and identity count only', () => {
    const [key, other] = keys;
    expect(recall(key, 1)).toBeUndefined();
    remember(key, runs);
    expect(recall(key, 1)).toEqual(runs);
    expect(recall(key, 2)).toBeUndefined();
    expect(recall(other, 1)).toBeUndefined();
  });
  test('an unreadable or foreign entry is no entry: the lab is synthesized again', () => {
    const [, key, other] = keys;
    remember(key, runs);
    expect(fs.existsSync(entry(key))).toBe(true);
    fs.writeFileSync(entry(key), 'not gzip');
    expect(recall(key, 1)).toBeUndefined();
    // An entry copied under another key's name says whose it is.
    remember(other, runs);
    fs.copyFileSync(entry(other), entry(key));
    expect(recall(key, 1)).toBeUndefined();
  });
});

describe('grading with the memo', () => {
  const labSyntheses = (spy: jest.SpyInstance) => spy.mock.calls.filter(([, j]) => j.identities.length === 2).length;
  let spy: jest.SpyInstance;
  beforeEach(() => {
    spy = jest.spyOn(SynthPool.prototype, 'synthesize');
  });
  afterEach(() => {
    spy.mockRestore();
    delete process.env.AWSWO_SYNTH_MEMO;
  });

  test('off by default: every grade synthesizes and nothing is kept', async () => {
    const { attempt, key } = await ownLab('memo-default-off');
    await gradeStatic([{ drill, attempt }]);
    expect(labSyntheses(spy)).toBe(1);
    expect(fs.existsSync(entry(key))).toBe(false);
  }, 120_000);

  test('a lab synthesized before is judged again, not synthesized: same verdicts, same identities', async () => {
    const { attempt, key } = await ownLab('memo-judged-again');
    const [first] = await gradeStatic([{ drill, attempt }], { memo: true });
    expect(labSyntheses(spy)).toBe(1);
    expect(fs.existsSync(entry(key))).toBe(true);
    const [again] = await gradeStatic([{ drill, attempt }], { memo: true });
    expect(labSyntheses(spy)).toBe(1);
    expect(again.identity).toEqual(first.identity);
    expect(again.result.objectives.map((o) => [o.id, o.status, o.message])).toEqual(first.result.objectives.map((o) => [o.id, o.status, o.message]));
    // AWSWO_SYNTH_MEMO=off: synthesized for real, for fresh identities.
    process.env.AWSWO_SYNTH_MEMO = 'off';
    const [real] = await gradeStatic([{ drill, attempt }], { memo: true });
    expect(labSyntheses(spy)).toBe(2);
    expect(real.identity).not.toEqual(first.identity);
  }, 120_000);

  test('a synthesis that failed is not kept: the next grade synthesizes again', async () => {
    const { attempt, key } = await ownLab('memo-throws', [['super(scope, id, props);', "super(scope, id, props);\n    throw new Error('the lab gave up');"]]);
    const [a] = await gradeStatic([{ drill, attempt }], { memo: true });
    const [b] = await gradeStatic([{ drill, attempt }], { memo: true });
    expect([a.result.status, b.result.status]).toEqual(['error', 'error']);
    expect(b.result.error?.message).toMatch(/the lab gave up/);
    expect(labSyntheses(spy)).toBe(2);
    expect(fs.existsSync(entry(key))).toBe(false);
  }, 120_000);
});
