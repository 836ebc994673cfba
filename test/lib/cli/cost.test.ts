import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { main } from '../../../lib/cli/main';
import { readRoster } from '../../../lib/cli/commands/deploy';
import { catalog } from '../../../drills/registry';
import { useSynthMemo } from '../../support/synth-memo';

useSynthMemo();

// `npx` never runs: every call to it is recorded and answered by the test.
const deployed: Array<[string, unknown]> = [];
jest.mock('../../../lib/classroom/class-deploy', () => {
  const actual = jest.requireActual('../../../lib/classroom/class-deploy');
  return {
    ...actual,
    toolkitDeployer: () => ({
      async deploy(e: { student: string }, target: { module: string; stacks: string[] }) {
        deployed.push([e.student, { module: target.module, stacks: target.stacks }]);
        return e.student === 'fail-me'
          ? { student: e.student, ok: false, seconds: 0, stacks: [], error: 'stub failure' }
          : { student: e.student, ok: true, seconds: 0, stacks: target.stacks.map((s) => `awswo-${e.student}-${s}`) };
      },
    }),
  };
});
jest.mock('child_process', () => {
  const actual = jest.requireActual('child_process');
  return { ...actual, spawnSync: jest.fn((cmd: string, ...rest: unknown[]) => (cmd === 'npx' ? { status: 0, pid: 0, output: [], stdout: '', stderr: '', signal: null } : actual.spawnSync(cmd, ...rest))) };
});

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) }, catalog);
  return { code, out, err };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-cost-cli-'));
const file = (name: string, text: string) => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
};

describe('awswo cost', () => {
  test('text: per resource, free and not-estimated lines, risks, assumptions, dated source', async () => {
    const r = await run('cost', 'cost-traps', '--region', 'us-east-1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^cost-traps: ~\$0\.8\d\d\/hour, ~\$588\.\d\d\/month in us-east-1\n/);
    expect(r.out).toMatch(/OrdersDb\/Resource\s+\$267\.\d\d\/month {2}AWS::RDS::DBInstance: db\.m5\.large Multi-AZ/);
    expect(r.out).toMatch(/\n {2}free: .*IAM::Role/);
    expect(r.out).toContain('RISK  SpareIp is an Elastic IP associated with nothing');
    expect(r.out).toContain('  assumptions:\n');
    expect(r.out).toMatch(/prices as of \d{4}-\d{2}-\d{2}: AWS on-demand list prices .*approximate/);
  });
  test('json, another region, and a module', async () => {
    const one = JSON.parse((await run('cost', 'runaway-spend', '--region', 'eu-west-1', '--format', 'json')).out);
    expect(one).toMatchObject({ drill: 'runaway-spend', estimate: { region: 'eu-west-1', risks: expect.arrayContaining([expect.objectContaining({ kind: 'recursive-loop' })]) } });
    const mod = await run('cost', '--module', '06');
    expect(mod.code).toBe(0);
    expect(mod.out).toMatch(/total: ~\$[\d.]+\/hour, ~\$[\d.]+\/month for 2 labs/);
  });
  test('--workspace estimates the student\'s lab.ts', async () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-ws-'));
    const dir = path.join(ws, 'drills/06-cost/cost-traps');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(__dirname, '../../../drills/06-cost/cost-traps/solution.ts'), path.join(dir, 'lab.ts'));
    // A subprocess, as a student runs it: bin/register-ts.js resolves the workspace's imports to this library.
    const root = path.resolve(__dirname, '../../..');
    const p = spawnSync('node', [path.join(root, 'bin/awswo-cli.js'), 'cost', 'cost-traps', '--workspace', ws, '--format', 'json'], { cwd: root, encoding: 'utf8', env: { ...process.env, CDK_VALIDATION: 'false' } });
    expect(p.stderr).toBe('');
    expect(JSON.parse(p.stdout).estimate.monthly).toBeLessThan(150);
    fs.rmSync(ws, { recursive: true, force: true });
  });
  test('an unknown region, an unknown drill, a bad format: one line, exit 2', async () => {
    expect(await run('cost', 'cost-traps', '--region', 'ap-mars-1')).toEqual({ code: 2, out: '', err: 'awswo cost: region "ap-mars-1" is not in the price table (priced regions: us-east-1, us-west-2, eu-west-1, eu-central-1)\n' });
    expect(await run('cost', 'nope')).toMatchObject({ code: 2, err: 'awswo cost: unknown drill "nope" (see awswo list)\n' });
    expect(await run('cost', 'cost-traps', '--format', 'csv')).toMatchObject({ code: 2, err: expect.stringContaining('--format must be one of text, json') });
  });
});

describe('awswo show prints the estimate', () => {
  test('one line with the hourly and monthly estimate', async () => {
    const r = await run('show', 'cost-traps');
    expect(r.out).toMatch(/estimate \(pristine lab, awswo cost cost-traps for details\): ~\$0\.8\d\d\/hour, ~\$588\.\d\d\/month in us-east-1/);
  });
});

describe('awswo deploy (never deploys in tests)', () => {
  const spawn = spawnSync as unknown as jest.Mock;
  afterEach(() => spawn.mockClear());

  test('--dry-run prints each lab\'s estimate and the exact cdk command per student, runs nothing', async () => {
    const roster = file('class.csv', 'student,email\nalice,alice@example.com\nbob-2,bob@example.com\n');
    const r = await run('deploy', '06', '--roster', roster, '--allowed-cidr', '203.0.113.0/24', '--ttl-hours', '4', '--dry-run');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/estimate cost-traps: ~\$0\.8\d\d\/hour, .*; ~\$3\.2\d for 4 h per student/);
    expect(r.out).toContain('estimate runaway-spend: ');
    expect(r.out).toContain('2 student(s) × 2 lab(s)');
    expect(r.out).toContain('(dry run) npx cdk deploy -c module=06 -c student=alice -c allowedCidr=203.0.113.0/24 -c ttlHours=4 --all\n');
    expect(r.out).toContain('(dry run) npx cdk deploy -c module=06 -c student=bob-2 -c allowedCidr=203.0.113.0/24 -c ttlHours=4 --all\n');
    expect(spawn.mock.calls.filter((c) => c[0] === 'npx')).toEqual([]);
  });
  test('one drill deploys its stack only', async () => {
    const r = await run('deploy', 'runaway-spend', '--student', 'carol', '--dry-run');
    expect(r.out).toContain('(dry run) npx cdk deploy -c module=06 -c student=carol runaway-spend\n');
    expect(spawn.mock.calls.filter((c) => c[0] === 'npx')).toEqual([]);
  });
  test('without --dry-run it deploys through the toolkit (here a stub), each student, and reports who failed', async () => {
    deployed.length = 0;
    const r = await run('deploy', 'runaway-spend', '--roster', file('two.csv', 'student\ncarol\nfail-me\n'));
    expect(r.code).toBe(1);
    expect(deployed).toEqual([['carol', { module: '06', stacks: ['runaway-spend'] }], ['fail-me', { module: '06', stacks: ['runaway-spend'] }]]);
    expect(r.out).toContain('class deploy: 1 of 2 students deployed, 1 FAILED');
    expect(r.err).toContain('[2/2] fail-me: FAILED: stub failure');
    expect(spawn.mock.calls.filter((c) => c[0] === 'npx')).toEqual([]);
  });
  test('rosters: one name a line, or a student column; invalid names are one line, exit 2', async () => {
    expect(readRoster(file('plain.txt', '# class A\nalice\n\nbob\n'))).toEqual(['alice', 'bob']);
    const bad = await run('deploy', '06', '--roster', file('bad.csv', 'student\nalice\nBob Smith\n'), '--dry-run');
    expect(bad).toMatchObject({ code: 2, out: '' });
    expect(bad.err).toMatch(/^awswo deploy: roster .*bad\.csv, line 3: student name "Bob Smith" is invalid/);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect((await run('deploy', '06', '--roster', file('nocol.csv', 'name,email\nalice,a@x\n'), '--dry-run')).err).toContain('a CSV needs a "student" column');
    expect((await run('deploy', '06', '--roster', file('dup.txt', 'alice\nalice\n'), '--dry-run')).err).toContain('listed twice');
    expect((await run('deploy', '06', '--roster', path.join(tmp, 'missing.csv'))).err).toContain('roster not found');
  });
  test('argument errors: one line, exit 2', async () => {
    const cases: Array<[string[], string]> = [
      [['deploy', '06'], 'deploy needs --student NAME or --roster FILE.csv'],
      [['deploy', '06', '--student', 'a', '--roster', 'x.csv'], 'give --student or --roster, not both'],
      [['deploy', '--student', 'alice'], 'deploy takes one module'],
      [['deploy', '42', '--student', 'alice'], 'unknown module "42"'],
      [['deploy', 'nope', '--student', 'alice'], 'unknown module or drill "nope"'],
      [['deploy', '06', '--student', 'Alice'], '--student: student name "Alice" is invalid'],
      [['deploy', '06', '--student', 'alice', '--allowed-cidr', '0.0.0.0'], '--allowed-cidr: "0.0.0.0" is not an IPv4 CIDR'],
      [['deploy', '06', '--student', 'alice', '--ttl-hours', '500'], '--ttl-hours must be a whole number of hours from 1 to 168'],
    ];
    for (const [argv, message] of cases) {
      const r = await run(...argv);
      expect({ argv, code: r.code, out: r.out }).toEqual({ argv, code: 2, out: '' });
      expect(r.err).toContain(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    expect(spawn.mock.calls.filter((c) => c[0] === 'npx')).toEqual([]);
  });
});
