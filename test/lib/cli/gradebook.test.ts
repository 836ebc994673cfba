// A class gradebook: every student's workspace graded (in parallel, one pool of sandboxed
// processes), one row per student; a broken workspace is an ERROR row, never a lost gradebook.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'csv-parse/sync';
import { catalog } from '../../../drills/registry';
import { makeWorkspace } from '../../support/workspace';
import { runCli } from './run-cli';
import { useSynthMemo } from '../../support/synth-memo';

useSynthMemo();

const drills = catalog.ofModule('02');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-class-'));
const place = (ws: string, name: string) => fs.renameSync(ws, path.join(root, name));

beforeAll(() => {
  process.env.AWSWO_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-home-'));
  place(makeWorkspace(drills, { solved: true }), 'alice');
  place(makeWorkspace(drills), 'bob');
  // Every lab broken: an ERROR row.
  place(makeWorkspace(drills, { solved: true, edit: (rel, text) => (rel.endsWith('lab.ts') ? 'export default 42 +;\n' : text) }), 'carol');
  // One lab broken: a row, with that drill in ERROR.
  place(makeWorkspace(drills, { solved: true, edit: (rel, text) => (rel.includes('iam-wildcard-role/lab.ts') ? text.replace('export default', 'export default 1; const x =') : text) }), 'dana');
  fs.writeFileSync(path.join(root, 'class.csv'), '\ufeffStudent,Workspace,email\r\nalice,alice,a@example.com\r\n"bob","bob","b@example.com"\r\ncarol,carol,\r\ndana,dana,\r\nerin,"not, here",\r\n');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('awswo gradebook', () => {
  test('csv: one row per student, per-drill scores and reviews, ERROR rows for broken workspaces; progress on stderr', async () => {
    const r = await runCli('gradebook', '--roster', path.join(root, 'class.csv'), '--workspaces', root, '--module', '02', '--jobs', '2');
    expect(r.code).toBe(0);
    const rows: Array<Record<string, string>> = parse(r.out, { columns: true });
    expect(rows.map((x) => [x.student, x.status])).toEqual([['alice', 'OK'], ['bob', 'OK'], ['carol', 'ERROR'], ['dana', 'OK'], ['erin', 'ERROR']]);
    const [alice, bob, carol, dana, erin] = rows;
    expect(alice['scaled score']).toBe('1000');
    expect(alice['iam-wildcard-role score']).toBe('1000');
    expect(alice['iam-wildcard-role review']).toBe('NOT REVIEWED');
    expect(alice.review).toBe('0/2 approved');
    expect(bob['scaled score']).toBe('100');
    expect(carol.error).toMatch(/^every lab is broken: /);
    expect(dana['iam-wildcard-role score']).toBe('ERROR');
    expect(dana['access-denied-parameter score']).toBe('1000');
    expect(erin.error).toBe('the workspace folder does not exist');
    expect(r.err).toMatch(/gradebook: 5 students × 2 drills/);
    for (const s of ['alice', 'bob', 'carol', 'dana', 'erin']) expect(r.err).toMatch(new RegExp(`gradebook: ${s} \\(\\d/5\\)`));
    expect(r.err).toMatch(/gradebook: 5 rows \(2 ERROR\)/);
  }, 300_000);

  test('json and html to a file; an approval shows in the row', async () => {
    const ws = path.join(root, 'alice');
    expect((await runCli('review', '--workspace', ws, '--reviewer', 'Ana', '--approve', 'access-denied-parameter')).code).toBe(0);
    const roster = path.join(root, 'one.csv');
    fs.writeFileSync(roster, 'student,workspace\nalice,alice\n');
    const out = path.join(root, 'book.json');
    const r = await runCli('gradebook', '--roster', roster, '--workspaces', root, '--module', '02', '--format', 'json', '--out', out);
    expect({ code: r.code, out: r.out }).toEqual({ code: 0, out: '' });
    const book = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(book.drills).toEqual(['iam-wildcard-role', 'access-denied-parameter']);
    expect(book.rows[0]).toMatchObject({ student: 'alice', status: 'OK', scaled: 1000, review: '1/2 approved' });
    expect(book.rows[0].drills['access-denied-parameter'].review).toMatch(/^APPROVED by Ana at /);
    const html = path.join(root, 'book.html');
    await runCli('gradebook', '--roster', roster, '--workspaces', root, '--module', '02', '--format', 'html', '--out', html);
    const page = fs.readFileSync(html, 'utf8');
    expect(page).toContain('<td>alice</td>');
    expect(page).not.toMatch(/<script|https?:\/\//);
  }, 300_000);

  test('bad input: one line, exit 2, no gradebook', async () => {
    const cases: Array<[string[], string]> = [
      [['gradebook', '--workspaces', root], 'gradebook needs --roster'],
      [['gradebook', '--roster', path.join(root, 'class.csv')], 'gradebook needs --workspaces DIR'],
      [['gradebook', '--roster', path.join(root, 'class.csv'), '--workspaces', path.join(root, 'nope')], 'is not a folder'],
      [['gradebook', '--roster', path.join(root, 'missing.csv'), '--workspaces', root], 'roster not found'],
      [['gradebook', '--roster', path.join(root, 'class.csv'), '--workspaces', root, '--format', 'xlsx'], '--format must be one of csv, html, json'],
      [['gradebook', '--roster', path.join(root, 'class.csv'), '--workspaces', root, '--jobs', '0'], '--jobs must be a whole number'],
    ];
    fs.writeFileSync(path.join(root, 'noworkspace.csv'), 'student\nalice\n');
    cases.push([['gradebook', '--roster', path.join(root, 'noworkspace.csv'), '--workspaces', root], 'has no "workspace" column']);
    for (const [argv, message] of cases) {
      const r = await runCli(...argv);
      expect({ argv, code: r.code, out: r.out }).toEqual({ argv, code: 2, out: '' });
      expect(r.err).toContain(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
