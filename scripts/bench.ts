// npm run bench [-- <drill> <module>] [--write]: wall-clock time of a static grade against a plain
// `npx cdk synth` of the same module, in the same run, each command a fresh process (what a student
// or CI pays), interleaved so that load on the machine falls on every command alike; the median of
// BENCH_RUNS (default 5) counts. --write puts the table into README.md (between the bench markers).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cacheDir } from '../lib/cache';
import { LIBRARY_ROOT } from '../lib/paths';

const args = process.argv.slice(2);
const write = args.includes('--write');
const [drill = 'iam-wildcard-role', module = '02'] = args.filter((a) => !a.startsWith('--'));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-bench-'));
const typecheckCache = path.join(cacheDir(), 'typecheck');
const bundleCache = path.join(cacheDir(), 'bundles');

interface Case {
  readonly name: string;
  readonly cmd: string[];
  /** Run before each timed run, untimed. */
  readonly before?: () => void;
  /** Run after each timed run, untimed. */
  readonly after?: () => void;
}

const grade = ['node', 'bin/awswo-cli.js', 'grade'];
// The cold cases empty a cache: the untimed warm-up after each fills it again, so the other cases
// always meet the caches a student's second grade meets.
const warmAll = () => spawnSync(grade[0], [...grade.slice(1), '--all', '--format', 'json'], { cwd: LIBRARY_ROOT, env: process.env });
const cases: Case[] = [
  { name: `awswo grade ${drill}`, cmd: [...grade, drill, '--format', 'json'] },
  { name: `awswo grade --module ${module}`, cmd: [...grade, '--module', module, '--format', 'json'] },
  { name: 'awswo grade --all', cmd: [...grade, '--all', '--format', 'json'] },
  // What a grade after an edit pays besides the type check: the lab is bundled again (and kept).
  { name: `awswo grade ${drill}, bundle not cached`, cmd: [...grade, drill, '--format', 'json'], before: () => fs.rmSync(bundleCache, { recursive: true, force: true }), after: warmAll },
  { name: `awswo grade ${drill}, type check not cached`, cmd: [...grade, drill, '--format', 'json'], before: () => fs.rmSync(typecheckCache, { recursive: true, force: true }), after: warmAll },
  { name: `npx cdk synth -c module=${module}`, cmd: ['npx', 'cdk', 'synth', '-q', '-c', `module=${module}`, '-o', outdir] },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function once(c: Case): number {
  c.before?.();
  const start = process.hrtime.bigint();
  const r = spawnSync(c.cmd[0], c.cmd.slice(1), { cwd: LIBRARY_ROOT, env: process.env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  c.after?.();
  // grade exits 1 on a pristine lab (objectives fail): that is a completed run, not an error.
  if (r.status !== 0 && r.status !== 1) {
    console.error(`${c.name} failed (exit ${r.status}): ${(r.stderr || '').split('\n').slice(-5).join('\n')}`);
    process.exit(2);
  }
  return seconds;
}

// One untimed run of each warms the caches a repeated run would have (transpiled TS, type checks).
for (const c of cases) once(c);
const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
for (let i = 0; i < RUNS; i++) {
  for (const c of cases) {
    const s = once(c);
    times.get(c.name)!.push(s);
    process.stderr.write(`  ${c.name}: run ${i + 1}/${RUNS} ${s.toFixed(2)} s\n`);
  }
}
fs.rmSync(outdir, { recursive: true, force: true });

const synth = median(times.get(cases[cases.length - 1].name)!);
const load = os.loadavg()[0];
const lines = [
  `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${load.toFixed(1)}; ${RUNS} interleaved runs each, median:`,
  '',
  '| command | median s | min s | max s | × cdk synth |',
  '|---|---|---|---|---|',
  ...cases.map((c) => {
    const t = times.get(c.name)!;
    return `| \`${c.name}\` | ${median(t).toFixed(2)} | ${Math.min(...t).toFixed(2)} | ${Math.max(...t).toFixed(2)} | ${(median(t) / synth).toFixed(2)} |`;
  }),
];
console.log(lines.join('\n'));

if (write) {
  const readme = path.join(LIBRARY_ROOT, 'README.md');
  const text = fs.readFileSync(readme, 'utf8');
  const start = text.indexOf('<!-- bench:start -->');
  const end = text.indexOf('<!-- bench:end -->');
  if (start < 0 || end < start) {
    console.error('README.md has no <!-- bench:start --> ... <!-- bench:end --> block');
    process.exit(2);
  }
  fs.writeFileSync(readme, `${text.slice(0, start)}<!-- bench:start -->\n${lines.join('\n')}\n${text.slice(end)}`);
  console.error('wrote README.md');
}
