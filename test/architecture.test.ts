// The layering DESIGN.md describes, checked on the import graph (madge): no cycles; a small model
// module at the bottom; the framework never names the drills; reports depend only on the model.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import madge from 'madge';
import { keepMemo, recallMemo } from '../lib/cache';

const ROOT = path.resolve(__dirname, '..');
const SCANNED = ['lib', 'drills', 'bin'];
let graph: Record<string, string[]>;
let circular: string[][];

/**
 * What decides the graph: every file madge reads (path and content), the tsconfig that resolves
 * the imports, and madge's version. madge takes 5-7 s to parse them; a run with none of them
 * changed reads the graph it kept (`npm test` again, or after an edit of the tests only).
 */
function graphKey(): string {
  const h = crypto.createHash('sha256');
  h.update(JSON.stringify([require('madge/package.json').version, fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')]));
  const files = SCANNED.flatMap((d) => (fs.readdirSync(path.join(ROOT, d), { recursive: true }) as string[]).map((f) => path.join(d, f)));
  for (const f of files.filter((f) => /\.(ts|js)$/.test(f)).sort()) h.update(`\n${f}\n`).update(fs.readFileSync(path.join(ROOT, f)));
  return h.digest('hex');
}

beforeAll(async () => {
  const key = graphKey();
  // AWSWO_SYNTH_MEMO=off, which turns every memo of the suite off, parses again.
  const kept = process.env.AWSWO_SYNTH_MEMO === 'off' ? undefined : recallMemo<{ graph: Record<string, string[]>; circular: string[][] }>('architecture-graph.json.gz', key);
  if (kept) {
    ({ graph, circular } = kept);
    return;
  }
  const result = await madge(SCANNED.map((d) => path.join(ROOT, d)), {
    baseDir: ROOT,
    fileExtensions: ['ts', 'js'],
    tsConfig: path.join(ROOT, 'tsconfig.json'),
    // Type-only imports count too: a cycle of types is still a cycle of meaning.
    detectiveOptions: { ts: { skipTypeImports: false }, es6: { skipTypeImports: false } },
  });
  graph = result.obj();
  circular = result.circular();
  keepMemo('architecture-graph.json.gz', key, { graph, circular });
}, 60_000);

const importsOf = (prefix: string) => Object.entries(graph).filter(([f]) => f.startsWith(prefix)).flatMap(([f, deps]) => deps.map((d) => [f, d] as const));

describe('architecture', () => {
  test('the graph covers the code base', () => {
    expect(Object.keys(graph).filter((f) => f.startsWith('lib/')).length).toBeGreaterThan(80);
  });
  test('no import cycles', () => {
    expect(circular).toEqual([]);
  });
  test('lib/model depends on nothing but itself and the course data', () => {
    expect(importsOf('lib/model/').filter(([, d]) => !d.startsWith('lib/model/') && !d.startsWith('lib/course/'))).toEqual([]);
  });
  test('the framework (lib/) never imports the drills: the registry is handed to it', () => {
    expect(importsOf('lib/').filter(([, d]) => d.startsWith('drills/'))).toEqual([]);
  });
  test('reports depend only on the model (and their own helpers)', () => {
    expect(importsOf('lib/report/').filter(([, d]) => !/^lib\/(report|model|course)\//.test(d))).toEqual([]);
  });
  test('checks never depend on the grading flow, the sandbox, the CLI or the reports', () => {
    expect(importsOf('lib/checks/').filter(([, d]) => /^lib\/(grading|sandbox|cli|report)\//.test(d))).toEqual([]);
  });
  test('what runs in the sandbox (the harness and the lab building blocks) imports no grader code', () => {
    const sandboxSide = ['lib/sandbox/harness.ts', 'lib/sandbox/identity.ts'];
    const reach = new Set<string>();
    const visit = (f: string) => {
      if (reach.has(f)) return;
      reach.add(f);
      (graph[f] ?? []).forEach(visit);
    };
    sandboxSide.forEach(visit);
    expect([...reach].filter((f) => !/^lib\/(lab|course|model|sandbox\/(harness|identity))/.test(f))).toEqual([]);
  });
});
