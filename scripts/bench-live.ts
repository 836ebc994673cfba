// npm run bench:live: runs the live integration suite once (a benchmark, not a timed test) and
// writes its figures into README.md between <!-- live-bench:start --> and <!-- live-bench:end -->:
// per drill, the seconds each step took against moto_server, and the whole suite's wall-clock time.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LIBRARY_ROOT } from '../lib/paths';
import { RESULTS_FILE, RunResults } from '../test/live/helpers';

const load = () => os.loadavg()[0].toFixed(1);
const loadBefore = load();
const started = Date.now();
const suite = spawnSync('npx', ['jest', '-c', 'test/live/jest.config.js'], { cwd: LIBRARY_ROOT, stdio: 'inherit', env: { ...process.env, AWSWO_LIVE_DRILLS: '' } });
const wall = (Date.now() - started) / 1000;
if (suite.status !== 0) {
  console.error(`the live integration suite failed (exit ${suite.status}): no figures written`);
  process.exit(1);
}
const r = JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as RunResults;
const s = (n?: number) => (n === undefined ? '–' : n.toFixed(1));
const moto = spawnSync('python3', ['-c', 'import moto; print(moto.__version__)'], { encoding: 'utf8' }).stdout.trim() || '?';
const rows = Object.entries(r.drills).map(([id, d]) =>
  `| \`${id}\` | ${s(d.pristine.synthSeconds)} / ${s(d.solution.synthSeconds)} | ${s(d.pristine.deploySeconds)} / ${s(d.solution.deploySeconds)} | ${s(d.pristine.gradeSeconds)} / ${s(d.solution.gradeSeconds)} | ${s(d.pristine.gradeInProcessSeconds)} / ${s(d.solution.gradeInProcessSeconds)} | ${s(d.pristine.destroySeconds)} / ${s(d.solution.destroySeconds)} | ${s(d.pristine.sweepSeconds)} / ${s(d.solution.sweepSeconds)} |`);
const sorted = (k: 'gradeSeconds' | 'gradeInProcessSeconds') => Object.values(r.drills).flatMap((d) => [d.pristine[k], d.solution[k]]).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
const median = (xs: number[]) => xs[Math.floor(xs.length / 2)];
const grades = sorted('gradeSeconds');
const inProcess = sorted('gradeInProcessSeconds');
const table = [
  `Measured ${r.startedAt.slice(0, 10)} on ${r.machine}, moto ${moto}; load average ${loadBefore} before the run, ${load()} after (other work shared the cores).`,
  `Whole suite: ${wall.toFixed(0)} s wall clock (npm run bench:live), ${Object.keys(r.drills).length} drills, lab and solution each.`,
  `Live grade, \`npx awswo grade <drill> --live\` as a student runs it (npx and Node start-up, static grade, live checks): median ${median(grades).toFixed(1)} s, max ${grades[grades.length - 1].toFixed(1)} s (target: under 5 s); in the process (the report's durationMs): median ${median(inProcess).toFixed(1)} s, max ${inProcess[inProcess.length - 1].toFixed(1)} s.`,
  '',
  '| drill (lab / solution) | synth s | deploy s | live grade s | of which in-process s | destroy s | sweep s |',
  '|---|---|---|---|---|---|---|',
  ...rows,
  '',
].join('\n');
const readme = path.join(LIBRARY_ROOT, 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const start = '<!-- live-bench:start -->';
const end = '<!-- live-bench:end -->';
const a = text.indexOf(start);
const b = text.indexOf(end);
if (a < 0 || b < a) throw new Error(`README.md has no ${start} ... ${end} section`);
fs.writeFileSync(readme, `${text.slice(0, a + start.length)}\n${table}${text.slice(b)}`);
console.log(table);
