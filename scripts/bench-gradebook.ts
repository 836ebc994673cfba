// npm run bench:gradebook [-- --students N] [--jobs J] [--write]: wall-clock time of one
// `awswo gradebook` of N student workspaces (default 30) × every drill, against N × `awswo grade
// --all` run one after another (each a fresh process, what a script looping over the class pays).
// Every workspace is a copy of the pristine labs and runbooks with a line of its own in each lab, so
// no result of one student's type check serves another's; the type-check cache is emptied before
// each of the two runs. Both runs must give every student the same scaled score. --write puts the
// table into README.md between the bench-gradebook markers.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { catalog } from '../drills/registry';
import { documentNames } from '../lib/grading/attempt';
import { LIBRARY_ROOT } from '../lib/paths';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const STUDENTS = flag('--students', 30);
const JOBS = flag('--jobs', os.availableParallelism());
const write = args.includes('--write');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-bench-class-'));
const typecheckCache = path.join(LIBRARY_ROOT, 'node_modules/.cache/awswo/typecheck');
const cli = path.join(LIBRARY_ROOT, 'bin/awswo-cli.js');
const env = { ...process.env, CDK_VALIDATION: 'false', AWSWO_HOME: path.join(root, '.home') };

const students = Array.from({ length: STUDENTS }, (_, i) => `student-${String(i + 1).padStart(2, '0')}`);
for (const s of students) {
  for (const drill of catalog.all()) {
    const rel = path.relative(LIBRARY_ROOT, drill.dir);
    const dir = path.join(root, s, rel);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'lab.ts'), `${fs.readFileSync(path.join(drill.dir, 'lab.ts'), 'utf8')}\n// ${s}\n`);
    for (const doc of documentNames(drill)) fs.copyFileSync(path.join(drill.dir, doc), path.join(dir, doc));
  }
}
fs.writeFileSync(path.join(root, 'class.csv'), `student,workspace\n${students.map((s) => `${s},${s}`).join('\n')}\n`);

function timed(cmd: string[]): { seconds: number; stdout: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: LIBRARY_ROOT, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && r.status !== 1) {
    console.error(`${cmd.join(' ')} failed (exit ${r.status}): ${(r.stderr || '').split('\n').slice(-5).join('\n')}`);
    process.exit(2);
  }
  return { seconds, stdout: r.stdout };
}

process.stderr.write(`${STUDENTS} workspaces × ${catalog.ids().length} drills in ${root}; ${os.availableParallelism()} cores\n`);
fs.rmSync(typecheckCache, { recursive: true, force: true });
const book = timed(['node', cli, 'gradebook', '--roster', path.join(root, 'class.csv'), '--workspaces', root, '--all', '--format', 'json', '--jobs', String(JOBS)]);
const fromBook = new Map<string, number>(JSON.parse(book.stdout).rows.map((r: { student: string; scaled: number }) => [r.student, r.scaled]));
process.stderr.write(`gradebook: ${book.seconds.toFixed(1)} s\n`);

fs.rmSync(typecheckCache, { recursive: true, force: true });
let sequential = 0;
for (const s of students) {
  const one = timed(['node', cli, 'grade', '--all', '--workspace', path.join(root, s), '--format', 'json']);
  sequential += one.seconds;
  const scaled = JSON.parse(one.stdout).score.scaled;
  if (fromBook.get(s) !== scaled) {
    console.error(`${s}: the gradebook says ${fromBook.get(s)}, awswo grade --all says ${scaled}`);
    process.exit(2);
  }
  process.stderr.write(`grade --all ${s}: ${one.seconds.toFixed(1)} s\n`);
}

const table = [
  '| run | wall s | per student s |',
  '|---|---|---|',
  `| \`awswo gradebook\` of ${STUDENTS} workspaces × ${catalog.ids().length} drills (--jobs ${JOBS}) | ${book.seconds.toFixed(1)} | ${(book.seconds / STUDENTS).toFixed(2)} |`,
  `| ${STUDENTS} × \`awswo grade --all\`, one after another | ${sequential.toFixed(1)} | ${(sequential / STUDENTS).toFixed(2)} |`,
  '',
  `Gradebook / sequential: **${(book.seconds / sequential).toFixed(2)}** (${(sequential / book.seconds).toFixed(1)}× faster), on ${os.availableParallelism()} cores; every student got the same score both ways.`,
].join('\n');
console.log(table);
fs.rmSync(root, { recursive: true, force: true });

if (write) {
  const readme = path.join(LIBRARY_ROOT, 'README.md');
  const text = fs.readFileSync(readme, 'utf8');
  const start = '<!-- bench-gradebook:start -->';
  const end = '<!-- bench-gradebook:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) {
    console.error(`README.md has no ${start} ... ${end} markers`);
    process.exit(2);
  }
  fs.writeFileSync(readme, `${text.slice(0, a + start.length)}\n${table}\n\n(\`npm run bench:gradebook -- --write\`; measured while other work shared the cores.)\n${text.slice(b)}`);
}
