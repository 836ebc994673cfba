// Class deploys: per student progress, failures isolated, a summary; and, against moto_server with
// two accounts, a roster that gives each student an account and a role: deploy (through
// @aws-cdk/toolkit-lib in-process), live grade and sweep then work in that student's account.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { Deployer, deployClass, renderDeploySummary } from '../../../lib/classroom/class-deploy';
import type { RosterEntry } from '../../../lib/classroom/roster';
import { runCli } from '../cli/run-cli';
import { useSynthMemo } from '../../support/synth-memo';

useSynthMemo();

describe('deployClass', () => {
  test('one student after another; a failing or throwing deploy does not stop the others; a summary', async () => {
    const entries: RosterEntry[] = ['ana', 'ben', 'cy', 'di'].map((student, i) => ({ student, line: i + 2, account: `11111111111${i}` }));
    const calls: string[] = [];
    const deployer: Deployer = {
      async deploy(e, target) {
        calls.push(e.student);
        if (e.student === 'ben') throw new Error('the role cannot be assumed');
        if (e.student === 'cy') return { student: e.student, ok: false, seconds: 0.1, stacks: [], error: 'CREATE_FAILED OpsRole' };
        return { student: e.student, account: e.account, ok: true, seconds: 0.1, stacks: target.stacks.map((s) => `awswo-${e.student}-${s}`) };
      },
    };
    const progress: string[] = [];
    const results = await deployClass(entries, { module: '02', stacks: ['iam-wildcard-role'] }, { deployer, progress: (l) => progress.push(l) });
    expect(calls).toEqual(['ana', 'ben', 'cy', 'di']);
    expect(results.map((r) => [r.student, r.ok])).toEqual([['ana', true], ['ben', false], ['cy', false], ['di', true]]);
    expect(results[1].error).toBe('the role cannot be assumed');
    expect(progress).toContain('[2/4] ben: deploying iam-wildcard-role into account 111111111111');
    expect(progress.some((l) => /^\[2\/4\] ben: FAILED: the role cannot be assumed/.test(l))).toBe(true);
    const summary = renderDeploySummary(results);
    expect(summary.split('\n')[0]).toBe('class deploy: 2 of 4 students deployed, 2 FAILED');
    expect(summary).toMatch(/FAILED cy\s+CREATE_FAILED OpsRole/);
    expect(summary).toMatch(/OK     di\s+111111111113 awswo-di-iam-wildcard-role/);
  });
});

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = net.createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address() as net.AddressInfo;
    s.close(() => resolve(port));
  });
});

describe('a roster of students with their own accounts, on moto_server', () => {
  let moto: ChildProcess | undefined;
  let endpoint: string;
  const saved = { ...process.env };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-accounts-'));
  const roster = path.join(tmp, 'class.csv');
  const ALICE = '111111111111';
  const BOB = '222222222222';

  beforeAll(async () => {
    if (spawnSync('sh', ['-c', 'command -v moto_server']).status !== 0) throw new Error('moto_server is not on PATH: pip install "moto[server]==5.2.1" (CI has it)');
    const port = await freePort();
    endpoint = `http://localhost:${port}`;
    moto = spawn('moto_server', ['-p', String(port)], { stdio: 'ignore' });
    for (let i = 0; ; i++) {
      try {
        await fetch(`${endpoint}/moto-api/`);
        break;
      } catch {
        if (i > 100) throw new Error(`moto_server did not start on port ${port}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
    fs.writeFileSync(roster, `student,account,role\nalice,${ALICE},awswo-deployer\ncarol,333333333333,\nbob,${BOB},arn:aws:iam::${BOB}:role/awswo-deployer\n`);
  }, 60_000);

  afterAll(() => {
    moto?.kill('SIGTERM');
    process.env = saved;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The stacks a CloudFormation client sees in an account (through an assumed role there). */
  async function stackIn(account: string | undefined, name: string): Promise<boolean> {
    let credentials;
    if (account) {
      const sts = new STSClient({});
      const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/check`, RoleSessionName: 'test' }))).Credentials!;
      credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
    }
    const cfn = new CloudFormationClient(credentials ? { credentials } : {});
    try {
      const out = await cfn.send(new DescribeStacksCommand({ StackName: name }));
      return out.Stacks?.some((s) => s.StackStatus !== 'DELETE_COMPLETE') ?? false;
    } catch (err) {
      if (/does not exist/.test(String((err as Error).message))) return false;
      throw err;
    }
  }

  test('deploy --roster --bootstrap: each student in their own account; a student who cannot be deployed does not stop the others', async () => {
    const r = await runCli('deploy', 'iam-wildcard-role', '--roster', roster, '--bootstrap');
    expect(r.code).toBe(1);
    expect(r.out).toContain('class deploy: 2 of 3 students deployed, 1 FAILED');
    expect(r.out).toMatch(new RegExp(`OK     alice\\s+${ALICE} awswo-alice-iam-wildcard-role`));
    expect(r.out).toMatch(new RegExp(`OK     bob\\s+${BOB} awswo-bob-iam-wildcard-role`));
    expect(r.out).toMatch(/FAILED carol\s+333333333333 carol: the credentials act in account 123456789012, the roster says 333333333333/);
    expect(r.err).toMatch(/\[1\/3\] alice: deploying iam-wildcard-role into account 111111111111/);
    expect(r.err).toMatch(/\[3\/3\] bob: deployed awswo-bob-iam-wildcard-role/);

    expect(await stackIn(ALICE, 'awswo-alice-iam-wildcard-role')).toBe(true);
    expect(await stackIn(BOB, 'awswo-bob-iam-wildcard-role')).toBe(true);
    expect(await stackIn(ALICE, 'awswo-bob-iam-wildcard-role')).toBe(false);
    expect(await stackIn(BOB, 'awswo-alice-iam-wildcard-role')).toBe(false);
    expect(await stackIn(undefined, 'awswo-alice-iam-wildcard-role')).toBe(false);
  }, 300_000);

  test('grade --live --roster reads the student\'s stack in the student\'s account', async () => {
    // Without the roster the grader looks in the credentials' own account, where there is no such stack.
    const elsewhere = await runCli('grade', 'iam-wildcard-role', '--live', '--student', 'alice', '--skip-drift', '--format', 'json');
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.err).toContain('stack awswo-alice-iam-wildcard-role not found');
    const there = await runCli('grade', 'iam-wildcard-role', '--live', '--student', 'alice', '--skip-drift', '--roster', roster, '--format', 'json');
    // The stack is found; what moto cannot answer (it has no IAM policy simulator) is an error, never a pass.
    expect(there.err).not.toContain('not found');
    if (there.code === 2) expect(there.err).toMatch(/SimulatePrincipalPolicy|not implemented|could not/i);
    else expect(JSON.parse(there.out).live.stackName).toBe('awswo-alice-iam-wildcard-role');
    expect((await runCli('grade', 'iam-wildcard-role', '--roster', roster)).err).toContain('--roster only applies with --live');
  }, 300_000);

  test('sweep --roster sweeps each student\'s own account', async () => {
    const r = await runCli('sweep', '--roster', roster, '--student', 'bob', '--dry-run', '--format', 'json');
    expect(r.err).toContain(`sweeping bob in account ${BOB}`);
    const [bob] = JSON.parse(r.out);
    expect(bob).toMatchObject({ student: 'bob', account: BOB, dryRun: true });
    expect(bob.inUse).toBeGreaterThan(0);
    const carol = await runCli('sweep', '--roster', roster, '--student', 'carol', '--dry-run');
    expect(carol.code).toBe(2);
    expect(carol.err).toContain('the credentials act in account 123456789012, the roster says 333333333333');
  }, 120_000);
});
