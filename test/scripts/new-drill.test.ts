// npm run new-drill, run against a scratch copy of the library's layout: it writes a drill that has
// every file the proof suite asks for, a drill definition that holds together, and its registry line.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
let scratch: string;
const run = (...args: string[]) => spawnSync('node', ['-r', './bin/register-ts.js', 'scripts/new-drill.ts', '--root', scratch, ...args], { cwd: ROOT, encoding: 'utf8' });

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-new-drill-'));
  fs.mkdirSync(path.join(scratch, 'drills/02-iam'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'drills/registry.ts'), path.join(scratch, 'drills/registry.ts'));
  fs.copyFileSync(path.join(ROOT, 'drills/runbook-sections.ts'), path.join(scratch, 'drills/runbook-sections.ts'));
  // The generated files import the library by relative path, as every drill does.
  fs.symlinkSync(path.join(ROOT, 'lib'), path.join(scratch, 'lib'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('npm run new-drill', () => {
  test('writes the drill folder, its proof test and its registry line', () => {
    const r = run('02', 'role-review', '--title', 'Review a role');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const dir = path.join(scratch, 'drills/02-iam/role-review');
    for (const f of ['drill.ts', 'lab.ts', 'solution.ts', 'README.md', 'RUNBOOK.md', 'RUNBOOK.solution.md']) expect(fs.existsSync(path.join(dir, f))).toBe(true);
    expect(fs.existsSync(path.join(scratch, 'test/drills/02-iam/role-review/drill.test.ts'))).toBe(true);
    const registry = fs.readFileSync(path.join(scratch, 'drills/registry.ts'), 'utf8');
    const lines = registry.split('\n').filter((l) => /^ {2}'\d\d-/.test(l));
    // After the module's last drill, before the next module's.
    expect(lines.indexOf("  '02-iam/role-review',")).toBe(lines.indexOf("  '02-iam/access-denied-parameter',") + 1);
  });
  test('the drill it writes defines itself: ids, traps and objectives hold together', () => {
    const drill = require(path.join(scratch, 'drills/02-iam/role-review/drill.ts')).default;
    expect(drill).toMatchObject({ id: 'role-review', module: '02', title: 'Review a role' });
    expect(drill.traps.map((t: { objective: string }) => t.objective).sort()).toEqual(drill.objectives.map((o: { id: string }) => o.id).sort());
  });
  test.each([
    [['02', 'role-review'], 'new-drill: drills/02-iam/role-review already exists'],
    [['42', 'x-y'], 'new-drill: unknown module "42"'],
    [['02', 'Bad_Id'], 'new-drill: drill id "Bad_Id" must be kebab-case'],
    [['02'], 'new-drill: give a module and a drill id'],
  ])('refuses %p with one line and exit 2', (args, message) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
