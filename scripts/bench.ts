// npm run bench: wall-clock time of a static grade against a plain `cdk synth` of the same module.
// Each command runs as a fresh process (what a student or CI pays), a few times; the median counts.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LIBRARY_ROOT } from '../lib/paths';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const drill = process.argv[2] ?? 'iam-wildcard-role';
const module = process.argv[3] ?? '02';
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-bench-'));

const cases: Array<{ name: string; cmd: string[]; env?: Record<string, string> }> = [
  { name: `awswo grade ${drill}`, cmd: ['node', 'bin/awswo-cli.js', 'grade', drill, '--format', 'json'] },
  { name: `awswo grade --module ${module}`, cmd: ['node', 'bin/awswo-cli.js', 'grade', '--module', module, '--format', 'json'] },
  { name: `npx cdk synth -c module=${module}`, cmd: ['npx', 'cdk', 'synth', '-q', '-c', `module=${module}`, '-o', outdir] },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}; ${RUNS} runs each, median\n`);
console.log('| command | median s | min s | max s |');
console.log('|---|---|---|---|');
for (const c of cases) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(c.cmd[0], c.cmd.slice(1), { cwd: LIBRARY_ROOT, env: { ...process.env, ...c.env }, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    // grade exits 1 on a pristine lab (objectives fail): that is a completed run, not an error.
    if (r.status !== 0 && r.status !== 1) {
      console.error(`${c.name} failed (exit ${r.status}): ${(r.stderr || '').split('\n').slice(-5).join('\n')}`);
      process.exit(2);
    }
    times.push(seconds);
    process.stderr.write(`  ${c.name}: run ${i + 1}/${RUNS} ${seconds.toFixed(2)} s\n`);
  }
  console.log(`| \`${c.name}\` | ${median(times).toFixed(2)} | ${Math.min(...times).toFixed(2)} | ${Math.max(...times).toFixed(2)} |`);
}
fs.rmSync(outdir, { recursive: true, force: true });
