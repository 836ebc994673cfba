// Tricks of a student who wants the pass without the fix, played against the real grading flow:
// each must end as an ERROR or a failing objective, never a pass, and never a hang.
import * as fs from 'fs';
import * as path from 'path';
import { catalog } from '../../../drills/registry';
import { withLab, workspaceAttempt } from '../../../lib/grading/attempt';
import { gradeAttempts } from '../../../lib/grading/grade-attempt';
import type { GradeResult } from '../../../lib/model/result';
import { cacheDir } from '../../../lib/cache';
import { LIBRARY_ROOT } from '../../../lib/paths';
import { makeWorkspace, removeWorkspace } from '../../support/workspace';

const drill = catalog.find('access-denied-parameter')!;
const DIR = path.relative(LIBRARY_ROOT, drill.dir);
const solution = fs.readFileSync(path.join(drill.dir, 'solution.ts'), 'utf8');
const CONSTRUCTOR = 'super(scope, id, props);';
const inConstructor = (code: string) => solution.replace(CONSTRUCTOR, `${CONSTRUCTOR}\n    ${code}`);
const atTop = (code: string) => `${code}\n${solution}`;
const OUTSIDE = `/tmp/awswo-isolation-${process.pid}`;
// The grader's own cache sits in node_modules (transpiled code of whatever the grader loaded, the
// reference solutions among it in a checkout): the sandbox reads packages, not node_modules.
const CACHED = path.join(cacheDir(), `isolation-probe-${process.pid}.js`);

/** A lab that shows the fix only when it believes it is being graded, and the broken lab otherwise. */
const gradingAware = (believesGraded: string) => `// @ts-nocheck
import { LabStack } from '../../../lib/lab';
import Fixed from './fixed';
import Broken from './broken';
function Lab(scope, id, props) {
  return ${believesGraded} ? new Fixed(scope, id, props) : new Broken(scope, id, props);
}
Lab.prototype = Object.create(LabStack.prototype);
export default Lab;
`;

const TRICKS: ReadonlyArray<{ name: string; source: string; expect: 'error' | 'fail'; says?: RegExp }> = [
  { name: 'exit-0-at-load', source: atTop('process.exit(0);'), expect: 'error', says: /ended the synthesis process \(exit code 0\)/ },
  { name: 'exit-0-in-constructor', source: inConstructor('process.exit(0);'), expect: 'error', says: /exit code 0/ },
  { name: 'exit-1', source: inConstructor('process.exit(1);'), expect: 'error', says: /exit code 1/ },
  { name: 'kill-itself', source: inConstructor("process.kill(process.pid, 'SIGKILL');"), expect: 'error', says: /signal SIGKILL/ },
  { name: 'infinite-loop', source: atTop('for (;;) { /* spin */ }'), expect: 'error', says: /longer than the 2 s limit/ },
  { name: 'unbounded-memory', source: atTop('const hog: number[][] = [];\nfor (;;) hog.push(new Array(1_000_000).fill(7));'), expect: 'error', says: /memory/ },
  { name: 'grader-by-name', source: gradingAware("props.lab.student === 'grader'"), expect: 'fail' },
  { name: 'grader-by-account', source: gradingAware("process.env.CDK_DEFAULT_ACCOUNT === '210987654321'"), expect: 'fail' },
  { name: 'grader-by-expiry', source: gradingAware("props.lab.expiresAt === '2030-01-01T00:00:00Z'"), expect: 'fail' },
  { name: 'grader-by-missing-region', source: gradingAware('process.env.CDK_DEFAULT_REGION === undefined'), expect: 'fail' },
  { name: 'grader-by-random-run', source: gradingAware('(globalThis.__runs = (globalThis.__runs ?? 0) + 1) === 1'), expect: 'fail', says: /synthesizes differently/ },
  { name: 'imports-the-grader', source: atTop("import { score } from '../../../lib/grading/scoring';\n(score as any).patched = true;"), expect: 'error', says: /may import only the lab building blocks/ },
  { name: 'requires-the-grader-at-run-time', source: inConstructor(`require([${JSON.stringify(LIBRARY_ROOT)}, 'lib', 'grading', 'scoring.ts'].join('/'));`), expect: 'error', says: /failed to synthesize/ },
  { name: 'writes-outside', source: inConstructor(`require('fs').writeFileSync(${JSON.stringify(OUTSIDE)}, 'pwned');`), expect: 'error', says: /failed to synthesize/ },
  { name: 'reads-the-solution', source: inConstructor(`require('fs').readFileSync(${JSON.stringify(path.join(drill.dir, 'solution.ts'))}, 'utf8');`), expect: 'error', says: /failed to synthesize/ },
  { name: 'reads-the-grader-cache', source: inConstructor(`require('fs').readFileSync(${JSON.stringify(CACHED)}, 'utf8');`), expect: 'error', says: /failed to synthesize/ },
  { name: 'imports-the-solution', source: atTop("import Answer from './solution';\nvoid Answer;"), expect: 'error', says: /does not compile/ },
  { name: 'starts-a-process', source: inConstructor("require('child_process').execSync('id');"), expect: 'error', says: /failed to synthesize/ },
  { name: 'type-error', source: inConstructor("const n: number = 'x'; void n;"), expect: 'error', says: /type errors: .*access-denied-parameter\/type-error\.ts:\d+:\d+: Type 'string' is not assignable to type 'number'/ },
];

/**
 * The tricks that test the time and memory limits, with their limits: the loop spins a core until
 * its time is up, so it gets a short one; the memory trick ends as its heap fills and keeps the
 * longer time so that it is the memory limit that stops it, even on a loaded machine.
 */
const LIMITED: Readonly<Record<string, { timeoutMs: number; memoryMb: number }>> = {
  'infinite-loop': { timeoutMs: 2_000, memoryMb: 256 },
  'unbounded-memory': { timeoutMs: 5_000, memoryMb: 256 },
};

let workspace: string;
let results: Map<string, GradeResult>;
beforeAll(async () => {
  fs.writeFileSync(CACHED, '// what the grader keeps');
  workspace = makeWorkspace([drill], { solved: true });
  const dir = path.join(workspace, DIR);
  fs.writeFileSync(path.join(dir, 'fixed.ts'), solution);
  fs.copyFileSync(path.join(drill.dir, 'lab.ts'), path.join(dir, 'broken.ts'));
  // The library's solution next to the tricks, as in the library's own checkout.
  fs.writeFileSync(path.join(dir, 'solution.ts'), solution);
  for (const t of TRICKS) fs.writeFileSync(path.join(dir, `${t.name}.ts`), t.source);
  const attempt = workspaceAttempt(drill, workspace);
  // The limits under test get small limits; every other trick the defaults, so a loaded machine
  // cannot make an honest synthesis time out.
  const limited = TRICKS.filter((t) => t.name in LIMITED);
  const others = TRICKS.filter((t) => !(t.name in LIMITED));
  const item = (name: string) => ({ drill, attempt: withLab(attempt, path.join(dir, `${name}.ts`)) });
  const [graded, ...cut] = await Promise.all([
    gradeAttempts([{ drill, attempt }, ...others.map((t) => item(t.name))]),
    ...limited.map((t) => gradeAttempts([item(t.name)], { limits: LIMITED[t.name] }).then(([r]) => r)),
  ]);
  results = new Map([
    ...(['honest', ...others.map((t) => t.name)].map((n, i) => [n, graded[i]] as const)),
    ...limited.map((t, i) => [t.name, cut[i]] as const),
  ]);
}, 240_000);
afterAll(() => {
  removeWorkspace(workspace);
  fs.rmSync(OUTSIDE, { force: true });
  fs.rmSync(CACHED, { force: true });
});

describe('the sandboxed synthesis against tricks', () => {
  test('the honest fix in the same workspace passes (the tricks below fail for what they do, not for where they are)', () => {
    expect(results.get('honest')!.objectives.filter((o) => o.status !== 'pass').map((o) => o.message)).toEqual([]);
  });

  test.each(TRICKS.map((t) => [t.name, t] as const))('%s: never a pass', (name, t) => {
    const r = results.get(name)!;
    expect(r.passed).toBe(false);
    expect(r.status).toBe(t.expect);
    const messages = [r.error?.message ?? '', ...r.objectives.map((o) => o.message)].join(' | ');
    if (t.says) expect(messages).toMatch(t.says);
  });

  test('nothing was written outside the output folder', () => {
    expect(fs.existsSync(OUTSIDE)).toBe(false);
  });
});
