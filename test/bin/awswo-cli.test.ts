// The real command as a student or CI runs it: a separate process, a separate workspace.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { useSynthMemo } from '../support/synth-memo';

useSynthMemo();

const ROOT = path.resolve(__dirname, '../..');
const DRILL_DIR = 'drills/02-iam/access-denied-parameter';

function awswo(args: string[], cwd = ROOT) {
  const r = spawnSync('node', [path.join(ROOT, 'bin/awswo-cli.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, CDK_VALIDATION: 'false' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A student's workspace laid out like this repository, holding one drill's lab and runbook. */
function workspace(lab: string, runbook?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-ws-'));
  fs.mkdirSync(path.join(dir, DRILL_DIR), { recursive: true });
  fs.writeFileSync(path.join(dir, DRILL_DIR, 'lab.ts'), lab);
  if (runbook !== undefined) fs.writeFileSync(path.join(dir, DRILL_DIR, 'RUNBOOK.md'), runbook);
  return dir;
}

const solution = fs.readFileSync(path.join(ROOT, DRILL_DIR, 'solution.ts'), 'utf8');
const solutionRunbook = fs.readFileSync(path.join(ROOT, DRILL_DIR, 'RUNBOOK.solution.md'), 'utf8');
const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const ws = (lab: string, runbook?: string) => {
  const d = workspace(lab, runbook);
  made.push(d);
  return d;
};

describe('awswo grade --workspace (subprocess)', () => {
  test('a fixed workspace passes: exit 0', () => {
    const r = awswo(['grade', 'access-denied-parameter', '--workspace', ws(solution, solutionRunbook)]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('PASSED: 2/2 objectives');
  });

  test("the workspace's own lib/ is ignored: its imports get the grader's library", () => {
    const dir = ws(solution, solutionRunbook);
    fs.mkdirSync(path.join(dir, 'lib/lab'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'lib/lab/index.ts'), "throw new Error('TAMPERED library loaded');\n");
    const r = awswo(['grade', 'access-denied-parameter', '--workspace', dir]);
    expect(r.code).toBe(0);
    expect(r.err).not.toContain('TAMPERED');
  });

  test('the grade runs from any directory (cwd = the workspace)', () => {
    const dir = ws(solution, solutionRunbook);
    expect(awswo(['grade', 'access-denied-parameter'], dir).code).toBe(0);
  });

  test("the lab's own output never reaches the report: --format json stays JSON", () => {
    const noisy = solution.replace('super(scope, id, props);', "super(scope, id, props);\n    console.log('{\"passed\": true}'); console.error('noise'); process.stdout.write('more noise\\n');");
    const r = awswo(['grade', 'access-denied-parameter', '--format', 'json', '--workspace', ws(`console.log('at load');\n${noisy}`, solutionRunbook)]);
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.out)).not.toThrow();
    expect(r.out).not.toContain('noise');
    expect(r.err).not.toContain('noise');
  });

  test('an empty --workspace is an error, not the current directory', () => {
    expect(awswo(['grade', 'access-denied-parameter', '--workspace', ''])).toEqual({ code: 2, out: '', err: 'awswo grade: --workspace is empty: give the student workspace folder\n' });
  });

  test('a syntax error in the student lab is an ERROR for the drill, with file:line:col: exit 2', () => {
    const r = awswo(['grade', 'access-denied-parameter', '--workspace', ws('export default class {', solutionRunbook)]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('awswo grade: access-denied-parameter: ERROR: drills/02-iam/access-denied-parameter/lab.ts does not compile: drills/02-iam/access-denied-parameter/lab.ts:1:23: Expected identifier but found end of file\n');
    expect(r.out).toContain('ERROR');
  });

  test('a lab that throws while synthesizing is an ERROR for the drill: exit 2', () => {
    const broken = solution.replace("super(scope, id, props);", "super(scope, id, props);\n    throw new Error('boom in the constructor');");
    const r = awswo(['grade', 'access-denied-parameter', '--workspace', ws(broken, solutionRunbook)]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('awswo grade: access-denied-parameter: ERROR: drills/02-iam/access-denied-parameter/lab.ts failed to synthesize: boom in the constructor\n');
  });

  test('a missing or empty runbook is an ERROR for the drill: exit 2', () => {
    expect(awswo(['grade', 'access-denied-parameter', '--workspace', ws(solution)]).err).toBe(
      'awswo grade: access-denied-parameter: ERROR: runbook not found: drills/02-iam/access-denied-parameter/RUNBOOK.md\n',
    );
    expect(awswo(['grade', 'access-denied-parameter', '--workspace', ws(solution, '\n')]).code).toBe(2);
  });

  test('a lab missing from the workspace is an ERROR for the drill: exit 2', () => {
    const dir = ws(solution, solutionRunbook);
    const r = awswo(['grade', 'iam-wildcard-role', '--workspace', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/runbook not found|lab file not found/);
  });
});

describe('the CDK app (bin/awswo.ts)', () => {
  function app(context: Record<string, string>) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-app-'));
    made.push(outdir);
    return spawnSync('node', ['-r', './bin/register-ts.js', 'bin/awswo.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDK_VALIDATION: 'false', CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir },
    });
  }
  test('synthesizes every lab of a module, named per student, with the nag packs passing', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-app-'));
    const r = spawnSync('node', ['-r', './bin/register-ts.js', 'bin/awswo.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDK_VALIDATION: 'false', CDK_CONTEXT_JSON: JSON.stringify({ module: '02', student: 'alice' }), CDK_OUTDIR: outdir },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    const stacks = Object.values<{ type: string; properties?: { stackName?: string } }>(manifest.artifacts)
      .filter((a) => a.type === 'aws:cloudformation:stack').map((a) => a.properties?.stackName).sort();
    expect(stacks).toEqual(['awswo-alice-access-denied-parameter', 'awswo-alice-iam-wildcard-role']);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
  test('-c lab=solution deploys the reference solutions; without it, the labs', () => {
    const template = (context: Record<string, string>) => {
      const r = app({ module: '02', student: 'alice', ...context });
      expect(r.status).toBe(0);
      const outdir = made[made.length - 1];
      return fs.readFileSync(path.join(outdir, 'iam-wildcard-role.template.json'), 'utf8');
    };
    // The solution's auditors read through a managed policy on their group; the lab has no group.
    expect(template({ lab: 'solution' })).toContain('AuditorsGroup');
    expect(template({})).not.toContain('AuditorsGroup');
  });
  test.each([
    [{ student: 'Alice!' }, /-c student: student name "Alice!" is invalid/],
    [{ module: '42' }, /-c module: unknown module "42"/],
    [{ allowedCidr: '0.0.0.0' }, /-c allowedCidr: "0.0.0.0" is not an IPv4 CIDR/],
    [{ ttlHours: '500' }, /-c ttlHours: ttlHours must be between 1 and 168/],
    [{ module: '02', lab: 'answers' }, /-c lab: "answers" is neither lab nor solution/],
  ])('rejects bad context %p with one line and exit 2', (context, message) => {
    const r = app(context as Record<string, string>);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
