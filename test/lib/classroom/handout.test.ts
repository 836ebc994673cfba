// A handout as a student gets it: written by `awswo handout --all`, installed for real with
// `npm install` (the library from the tarball npm pack made, its dependencies from the registry),
// then searched for anything that gives a fix away, in the handout and in its node_modules, and
// used the way the student README says: the self-check, npm test, cdk synth.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { catalog } from '../../../drills/registry';
import { handoutLab, HandoutError, librarySource, writeHandout } from '../../../lib/classroom/handout';
import { LIBRARY_ROOT } from '../../../lib/paths';
import { runCli } from '../cli/run-cli';
import { HandoutModules, keepHandoutModules, libraryCacheDir, seedHandoutModules } from '../../support/handout-modules';
import { useSynthMemo } from '../../support/synth-memo';

// The instructor's grade from the checkout may skip syntheses it has done; the installed library
// (what the student runs) synthesizes every lab, as on a student's machine: AWSWO_SYNTH_MEMO=off below.
useSynthMemo();

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-handout-test-'));
const dir = path.join(tmp, 'class');
// The installed library's caches: its own folder after a full install, the kept one otherwise.
const cacheEnv: { AWSWO_CACHE_DIR?: string } = {};
const run = (cmd: string, args: string[], opts: { cwd?: string; timeout?: number } = {}) =>
  spawnSync(cmd, args, { cwd: opts.cwd ?? dir, encoding: 'utf8', timeout: opts.timeout ?? 300_000, env: { ...process.env, CDK_VALIDATION: 'false', npm_config_audit: 'false', npm_config_fund: 'false', AWSWO_HOME: path.join(tmp, 'home'), AWSWO_SYNTH_MEMO: 'off', ...cacheEnv } });

/**
 * Lines of the reference answers (solution.ts, *.solution.md) found nowhere in what the library's
 * package publishes on purpose (labs, briefings, blank runbooks, checks, lib/): the fix itself.
 */
function answerLines(): Array<{ drill: string; line: string }> {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--loglevel=error'], { cwd: LIBRARY_ROOT, encoding: 'utf8' }))[0].files.map((f: { path: string }) => f.path) as string[];
  const published = packed.filter((f) => /\.(ts|js|md|json)$/.test(f)).map((f) => fs.readFileSync(path.join(LIBRARY_ROOT, f), 'utf8')).join('\n');
  const out: Array<{ drill: string; line: string }> = [];
  for (const drill of catalog.all()) {
    const answers = fs.readdirSync(drill.dir).filter((f) => f === 'solution.ts' || f.endsWith('.solution.md'));
    expect(answers.length).toBeGreaterThan(0);
    for (const f of answers) {
      for (const line of fs.readFileSync(path.join(drill.dir, f), 'utf8').split('\n').map((l) => l.trim())) {
        if (line.length >= 30 && !published.includes(line) && !/^(\/\/|\*|\/\*|import )/.test(line)) out.push({ drill: drill.id, line });
      }
    }
  }
  return out;
}

// The handout's packages (and the installed library's caches) are kept for the next run, once installed.
let modules: HandoutModules | undefined;
afterAll(() => {
  if (modules) keepHandoutModules(dir, modules);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('awswo handout', () => {
  test('arguments: one line, exit 2, nothing written', async () => {
    fs.mkdirSync(path.join(tmp, 'full'));
    fs.writeFileSync(path.join(tmp, 'full', 'x'), '');
    const cases: Array<[string[], string]> = [
      [['handout', '--module', '02'], 'handout needs --out DIR'],
      [['handout', '--out', path.join(tmp, 'a')], 'handout needs a drill id, --all or --module NN'],
      [['handout', 'nope', '--out', path.join(tmp, 'a')], 'unknown drill "nope"'],
      [['handout', '--module', '02', '--out', path.join(tmp, 'full')], 'is not empty'],
      [['handout', '--module', '02', '--out', path.join(LIBRARY_ROOT, 'tmp-handout')], "inside the library's checkout"],
      [['handout', '--module', '02', '--out', path.join(tmp, 'b'), '--library', path.join(tmp, 'nothing-here')], 'is neither a file, a folder nor a git URL'],
      [['handout', '--module', '02', '--out', path.join(tmp, 'c'), '--name', 'Bad Name'], 'is not an npm package name'],
    ];
    for (const [argv, message] of cases) {
      const r = await runCli(...argv);
      expect({ argv, code: r.code, out: r.out }).toEqual({ argv, code: 2, out: '' });
      expect(r.err).toContain(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    for (const d of ['a', 'b', 'c']) expect(fs.existsSync(path.join(tmp, d)) && fs.readdirSync(path.join(tmp, d)).length > 0).toBe(false);
    expect(fs.existsSync(path.join(LIBRARY_ROOT, 'tmp-handout'))).toBe(false);
  });

  test('labs import the library as a package; imports a handout cannot carry are refused', () => {
    const drillDir = path.join(LIBRARY_ROOT, 'drills/02-iam/iam-wildcard-role');
    expect(handoutLab(`import { LabStack } from '../../../lib/lab';\nimport x from "../../../lib/lab/lab-bucket";`, drillDir))
      .toBe(`import { LabStack } from 'awswo/lib/lab';\nimport x from "awswo/lib/lab/lab-bucket";`);
    expect(() => handoutLab(`import s from './solution';`, drillDir)).toThrow(HandoutError);
    expect(() => handoutLab(`const s = require('../../../drills/02-iam/iam-wildcard-role/solution');`, drillDir)).toThrow(/cannot carry/);
  });

  test('a tarball or library folder whose package would ship answers is refused', () => {
    const fake = path.join(tmp, 'fake-lib');
    fs.mkdirSync(path.join(fake, 'drills/02-iam/x'), { recursive: true });
    fs.writeFileSync(path.join(fake, 'package.json'), JSON.stringify({ name: 'awswo', version: '0.0.1' }));
    fs.writeFileSync(path.join(fake, 'drills/02-iam/x/solution.ts'), 'export {}');
    expect(librarySource(fake)).toEqual({ kind: 'pack', dir: fake });
    expect(() => writeHandout({ out: path.join(tmp, 'refused'), drills: catalog.ofModule('02'), library: librarySource(fake) })).toThrow(/contains answers or tests \(drills\/02-iam\/x\/solution\.ts\)/);
    expect(fs.readdirSync(path.join(tmp, 'refused')).filter((f) => f.endsWith('.tgz'))).toEqual([]);
    expect(librarySource('git+https://git.example.org/course/awswo.git#v0.1.0')).toEqual({ kind: 'spec', spec: 'git+https://git.example.org/course/awswo.git#v0.1.0' });
  });

  describe('every drill, installed with npm install', () => {
    let files: string[] = [];
    beforeAll(async () => {
      const r = await runCli('handout', '--all', '--out', dir);
      expect(r).toMatchObject({ code: 0 });
      files = execFileSync('find', ['.', '-type', 'f', '-not', '-path', './node_modules/*'], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => f.slice(2)).sort();
      // One real install per run: the registry is reachable; what npm's cache holds it takes from there.
      // The third-party packages may start from the last full install's (test/support/handout-modules.ts).
      const seeded = seedHandoutModules(dir);
      const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { timeout: 600_000 });
      if (install.status !== 0) throw new Error(`npm install in the handout failed: ${install.stderr.split('\n').find((l) => l.trim()) ?? install.status}`);
      modules = seeded;
      if (seeded.cacheDir) cacheEnv.AWSWO_CACHE_DIR = seeded.cacheDir;
    }, 700_000);

    test('the handout has each drill\'s lab, briefing and blank documents, the project files, and no answer', () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const tarball = pkg.dependencies.awswo.replace(/^file:/, '');
      expect(files).toEqual(expect.arrayContaining(['.gitignore', 'README.md', 'cdk.json', 'package.json', 'tsconfig.json', 'test/awswo-grade.test.js', tarball]));
      for (const drill of catalog.all()) {
        const rel = path.relative(LIBRARY_ROOT, drill.dir);
        for (const f of ['lab.ts', 'README.md', ...(drill.runbook ? ['RUNBOOK.md'] : []), ...(drill.documents ?? [])]) expect(files).toContain(`${rel}/${f}`);
        const lab = fs.readFileSync(path.join(dir, rel, 'lab.ts'), 'utf8');
        expect(lab).toContain("from 'awswo/lib/lab'");
        expect(lab).not.toMatch(/from '\.\.\//);
      }
      expect(pkg.awswo.drills).toEqual(catalog.ids());
      expect(files.filter((f) => /solution|baseline|\.variants|drill\.ts$/.test(f))).toEqual([]);
      expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')).toContain('node_modules/');
    });

    test('neither the handout nor its node_modules holds a solution file, a reference runbook, or a line of a reference fix', () => {
      const named = execFileSync('find', ['.', '(', '-name', 'solution.ts', '-o', '-name', '*.solution.md', '-o', '-path', '*/awswo/test/*', ')', '-print'], { cwd: dir, encoding: 'utf8' });
      expect(named).toBe('');
      const lines = answerLines();
      expect(lines.length).toBeGreaterThan(50);
      const patterns = path.join(tmp, 'answer-lines.txt');
      fs.writeFileSync(patterns, lines.map((l) => l.line).join('\n') + '\n');
      // grep -F over everything npm install put there: the handout, the library package, every dependency.
      // LC_ALL=C: bytes, so a file that is not valid UTF-8 is searched too, not taken for binary.
      const grep = spawnSync('grep', ['-rIoF', '-f', patterns, '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } });
      const hits = grep.stdout.split('\n').filter(Boolean);
      // Nothing in the handout or the library's package; elsewhere only CDK's own documentation of
      // its API (aws-cdk-lib/<module>/README.md shows e.g. `restrictDefaultSecurityGroup: true,`).
      const cdkDocs = /^\.\/node_modules\/aws-cdk-lib\/[a-z0-9-]+\/README\.md:/;
      expect(hits.filter((h) => !cdkDocs.test(h))).toEqual([]);
      expect(hits.length).toBeLessThan(10);
      // The grep can find: the library's own drills folder does hold the answers.
      const control = spawnSync('grep', ['-rIlF', '-f', patterns, path.join(LIBRARY_ROOT, 'drills')], { encoding: 'utf8' });
      expect(control.stdout).toMatch(/solution\.ts/);
    }, 120_000);

    test('the installed package is the library without answers or tests, with its checks and baselines', () => {
      const pkgDir = path.join(dir, 'node_modules/awswo');
      expect(fs.existsSync(path.join(pkgDir, 'bin/awswo-cli.js'))).toBe(true);
      expect(fs.existsSync(path.join(pkgDir, 'drills/02-iam/iam-wildcard-role/drill.ts'))).toBe(true);
      expect(fs.existsSync(path.join(pkgDir, 'drills/02-iam/iam-wildcard-role/baseline.template.json'))).toBe(true);
      expect(fs.existsSync(path.join(pkgDir, 'test'))).toBe(false);
      expect(fs.existsSync(path.join(pkgDir, 'drills/02-iam/iam-wildcard-role/solution.ts'))).toBe(false);
      // Installed from this run's tarball: the library as it is now, never an earlier install's.
      for (const f of ['lib/grading/grade-attempt.ts', 'lib/lab/index.ts', 'drills/02-iam/iam-wildcard-role/lab.ts']) {
        expect({ f, same: fs.readFileSync(path.join(pkgDir, f), 'utf8') === fs.readFileSync(path.join(LIBRARY_ROOT, f), 'utf8') }).toEqual({ f, same: true });
      }
    });

    test('npx awswo grade: the self-check grades the handout with the installed library; the instructor grades it from the checkout', async () => {
      const r = run('npx', ['awswo', 'grade', 'iam-wildcard-role', '--format', 'json']);
      expect(r.status).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.drill).toBe('iam-wildcard-role');
      expect(report.objectives.map((o: { status: string }) => o.status)).toEqual(['fail', 'fail', 'fail', 'fail']);
      // The student's fix (the reference one, copied in for the test) passes there too.
      const drill = catalog.find('access-denied-parameter')!;
      const rel = path.relative(LIBRARY_ROOT, drill.dir);
      fs.writeFileSync(path.join(dir, rel, 'lab.ts'), handoutLab(fs.readFileSync(path.join(drill.dir, 'solution.ts'), 'utf8'), drill.dir));
      fs.copyFileSync(path.join(drill.dir, 'RUNBOOK.solution.md'), path.join(dir, rel, 'RUNBOOK.md'));
      const fixed = run('npx', ['awswo', 'grade', 'access-denied-parameter']);
      expect({ status: fixed.status, err: fixed.stderr }).toEqual({ status: 0, err: '' });
      expect(fixed.stdout).toContain('PASSED: 2/2 objectives');
      // The instructor grades the same handout from the library's checkout: awswo/lib/lab resolves to the grader's copy.
      const instructor = await runCli('grade', '--all', '--workspace', dir, '--format', 'json');
      const byDrill = Object.fromEntries(JSON.parse(instructor.out).results.map((x: { drill: string; status: string }) => [x.drill, x.status]));
      expect(Object.keys(byDrill)).toEqual(catalog.ids());
      expect(byDrill['access-denied-parameter']).toBe('pass');
      expect(byDrill['iam-wildcard-role']).toBe('fail');
      expect(Object.values(byDrill)).not.toContain('error');
      // verify needs the library's own checkout, and says so.
      const verify = run('npx', ['awswo', 'verify', '--all']);
      expect(verify.status).toBe(2);
      expect(verify.stderr).toMatch(/checkout/);
    }, 300_000);

    test('npx cdk synth: the CDK app of the package synthesizes the handout\'s own lab, selected by drill id', () => {
      const lab = path.join(dir, 'drills/02-iam/iam-wildcard-role/lab.ts');
      const original = fs.readFileSync(lab, 'utf8');
      // A change only the handout's lab has: the synthesized template must show it.
      fs.writeFileSync(lab, original.replace("description: 'Runs the nightly report job'", "description: 'Runs the nightly report job (handout copy)'"));
      try {
        const r = run('npx', ['cdk', 'synth', '-c', 'student=alice', 'iam-wildcard-role', '--quiet', '-o', path.join(tmp, 'cdk.out')]);
        expect({ status: r.status, err: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, err: '' });
        const template = fs.readFileSync(path.join(tmp, 'cdk.out', 'iam-wildcard-role.template.json'), 'utf8');
        expect(template).toContain('Runs the nightly report job (handout copy)');
        expect(template).toContain('awswo lab 02/iam-wildcard-role for alice');
      } finally {
        fs.writeFileSync(lab, original);
      }
    }, 300_000);

    test('npm test: one Jest test per objective, named by drill and objective, failing with the check\'s message; own snapshot tests run too', () => {
      fs.writeFileSync(path.join(dir, 'test/lab.test.ts'), [
        "import { App } from 'aws-cdk-lib';",
        "import { Template } from 'aws-cdk-lib/assertions';",
        "import { addLabStack } from 'awswo/lib/lab';",
        "import Lab from '../drills/02-iam/iam-wildcard-role/lab';",
        "test('my lab synthesizes', () => {",
        "  const stack = addLabStack(new App(), Lab, { drillId: 'iam-wildcard-role', module: '02', student: 'me', expiresAt: '2030-01-01T00:00:00Z', budgetUsd: 10 });",
        "  expect(Object.keys(Template.fromStack(stack).toJSON().Resources).length).toBeGreaterThan(5);",
        '});',
        '',
      ].join('\n'));
      // Jest's cache in the library's cache folder, kept with it: a student's second npm test finds
      // the first one's in the temp dir, which this run's test setup gives a folder of its own.
      const jestCache = path.join(libraryCacheDir(dir, modules!), 'jest');
      const r = run('npm', ['test', '--', '--json', '--outputFile', path.join(tmp, 'jest.json'), '--cacheDirectory', jestCache], { timeout: 600_000 });
      expect(r.status).toBe(1);
      const jest = JSON.parse(fs.readFileSync(path.join(tmp, 'jest.json'), 'utf8'));
      const cases = jest.testResults.flatMap((s: { assertionResults: Array<{ fullName: string; status: string; failureMessages: string[] }> }) => s.assertionResults);
      const byName = new Map(cases.map((c: { fullName: string }) => [c.fullName, c]));
      const objectives = catalog.all().flatMap((d) => d.objectives.map((o) => ({ name: `${d.id} ${o.id}: ${o.title}`, drill: d.id })));
      expect(cases.length).toBe(objectives.length + 1);
      for (const o of objectives) expect(byName.has(o.name)).toBe(true);
      expect(byName.get('my lab synthesizes')).toMatchObject({ status: 'passed' });
      // The fixed drill passes, the pristine ones fail with the grader's message.
      const drill = catalog.find('access-denied-parameter')!;
      for (const o of drill.objectives) expect(byName.get(`${drill.id} ${o.id}: ${o.title}`)).toMatchObject({ status: 'passed' });
      const failed = byName.get('iam-wildcard-role ops-least-privilege: Operators have no admin policy and no wildcard, but can still run the job') as { status: string; failureMessages: string[] };
      expect(failed.status).toBe('failed');
      expect(failed.failureMessages.join('\n')).toContain('FAIL: OpsRole still has the AWS managed policy AdministratorAccess');
    }, 600_000);
  });
});
