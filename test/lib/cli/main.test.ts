import { main } from '../../../lib/cli/main';
import { COMMANDS } from '../../../lib/cli/commands';
import { catalog } from '../../../drills/registry';
import { useSynthMemo } from '../../support/synth-memo';

useSynthMemo();

/** Runs the CLI in-process and captures what it prints. */
export async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) }, catalog);
  return { code, out, err };
}

describe('awswo main', () => {
  test('no command prints usage and exits 2; --help exits 0', async () => {
    expect(await run()).toMatchObject({ code: 2, out: expect.stringContaining('Usage: awswo <command>') });
    expect(await run('--help')).toMatchObject({ code: 0, out: expect.stringContaining('Commands:') });
  });
  test('an unknown command is one line and exit 2', async () => {
    const r = await run('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^awswo: unknown command "frobnicate" \(commands: .*\)\n$/);
  });
  test.each(COMMANDS.map((c) => c.name))('%s --help prints its usage', async (name) => {
    const r = await run(name, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^Usage: awswo ${name}`));
  });
  test.each(COMMANDS.map((c) => c.name))('%s rejects an unknown flag with one line and exit 2', async (name) => {
    const r = await run(name, '--no-such-flag');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/no-such-flag/);
    expect(r.out).toBe('');
  });
});

describe('awswo list', () => {
  test('json lists every drill with its metadata', async () => {
    const r = await run('list', '--format', 'json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out);
    expect(rows).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'iam-wildcard-role', module: '02', soaTasks: ['4.1', '4.2'], difficulty: 'core' })]));
  });
  test('--module narrows, an unknown module is an error', async () => {
    const r = await run('list', '--module', '2', '--format', 'json');
    expect(JSON.parse(r.out).every((d: { module: string }) => d.module === '02')).toBe(true);
    expect(await run('list', '--module', '42')).toMatchObject({ code: 2, err: expect.stringContaining('unknown module "42"') });
  });
  test('a bad --format is an error', async () => {
    expect(await run('list', '--format', 'yaml')).toMatchObject({ code: 2, err: expect.stringContaining('--format must be one of text, json') });
  });
});

describe('awswo show', () => {
  test('prints metadata and the briefing', async () => {
    const r = await run('show', 'iam-wildcard-role');
    expect(r.code).toBe(0);
    expect(r.out).toContain('SOA-C03 4.1: Implement and manage security and compliance tools and policies');
    expect(r.out).toContain('## Stop rules');
  });
  test('an unknown drill is one line and exit 2', async () => {
    expect(await run('show', 'nope')).toEqual({ code: 2, out: '', err: 'awswo show: unknown drill "nope" (see awswo list)\n' });
  });
});

describe('awswo grade (in the library itself: the pristine labs)', () => {
  test('a pristine lab fails: exit 1, every objective with a hint', async () => {
    const r = await run('grade', 'access-denied-parameter', '--format', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ drill: 'access-denied-parameter', passed: false, certification: 'PENDING INSTRUCTOR REVIEW' });
    for (const o of report.objectives) expect(o).toEqual(expect.objectContaining({ status: 'fail', hint: expect.any(String), soaTask: expect.any(String), message: expect.any(String) }));
  });
  test('junit and markdown render the same objectives', async () => {
    const junit = await run('grade', 'access-denied-parameter', '--format', 'junit');
    expect(junit.out).toMatch(/<testsuite name="awswo.access-denied-parameter" tests="2" failures="2" errors="0"/);
    const md = await run('grade', 'access-denied-parameter', '--format', 'md');
    expect(md.out).toContain('| The function can read its config parameter, and nothing more was granted | 4.1 | **FAIL** |');
  });
  test('argument errors', async () => {
    expect((await run('grade')).err).toContain('needs a drill id, --all or --module NN');
    expect((await run('grade', 'iam-wildcard-role', '--all')).err).toContain('not several');
    expect((await run('grade', 'x', '--workspace', '/no/such/dir')).err).toContain('unknown drill "x"');
    expect((await run('grade', 'iam-wildcard-role', '--workspace', '/no/such/dir')).err).toContain('workspace not found: /no/such/dir');
  });
});

describe('awswo verify and coverage', () => {
  test('verify passes for module 02', async () => {
    const r = await run('verify', '--module', '02');
    expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/OK {3}iam-wildcard-role/) });
  });
  test('coverage lists every SOA-C03 task and module', async () => {
    const r = await run('coverage', '--format', 'json');
    const c = JSON.parse(r.out);
    expect(c.tasks.map((t: { id: string }) => t.id)).toEqual(['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '3.1', '3.2', '4.1', '4.2', '5.1', '5.2', '5.3']);
    expect(c.modules.find((m: { id: string }) => m.id === '02').drills).toEqual(expect.arrayContaining(['iam-wildcard-role', 'access-denied-parameter']));
  });
});
