// npm run new-drill -- <module> <drill-id> [--title "..."]: scaffolds a drill folder, its proof test
// and its line in drills/registry.ts. The files are a starting point that already has the shape the
// proof suite checks (one trap, one objective, a lab that fails it and a solution that passes it);
// the authoring guide (docs/authoring-drills.md) walks through filling them in.
import * as fs from 'fs';
import * as path from 'path';
import { MODULE_IDS, moduleTitle } from '../lib/course';
import { LIBRARY_ROOT } from '../lib/paths';

function fail(message: string): never {
  process.stderr.write(`new-drill: ${message}\n`);
  process.exit(2);
}

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write('Usage: npm run new-drill -- <module NN> <drill-id> [--title "Title"]\n\nScaffolds drills/NN-topic/<drill-id>/ (drill.ts, lab.ts, solution.ts, README.md, RUNBOOK.md,\nRUNBOOK.solution.md), test/drills/NN-topic/<drill-id>/drill.test.ts and its line in drills/registry.ts.\nThen: fill them in (docs/authoring-drills.md), npm run baselines -- <drill-id>, npm run docs, npm test.\n');
  process.exit(0);
}
// --root DIR writes into another copy of the library (the tests use a scratch copy).
const rootAt = argv.indexOf('--root');
const ROOT = rootAt >= 0 ? path.resolve(argv[rootAt + 1] ?? fail('--root needs a folder')) : LIBRARY_ROOT;
const titleAt = argv.indexOf('--title');
const title = titleAt >= 0 ? argv[titleAt + 1] : undefined;
if (titleAt >= 0 && !title) fail('--title needs a value');
const positional = argv.filter((a, i) => !a.startsWith('--') && (titleAt < 0 || i !== titleAt + 1) && (rootAt < 0 || i !== rootAt + 1));
if (positional.length !== 2) fail('give a module and a drill id, e.g. npm run new-drill -- 07 final-drill');
const moduleId = positional[0].padStart(2, '0');
const id = positional[1];
if (!MODULE_IDS.includes(moduleId as never)) fail(`unknown module "${positional[0]}" (modules: ${MODULE_IDS.join(', ')})`);
if (!/^[a-z][a-z0-9-]+[a-z0-9]$/.test(id) || id.includes('--')) fail(`drill id "${id}" must be kebab-case: lowercase letters, digits and single hyphens`);

const drillsRoot = path.join(ROOT, 'drills');
const moduleFolder = fs.readdirSync(drillsRoot).find((f) => f.startsWith(`${moduleId}-`)) ?? `${moduleId}-${moduleTitle(moduleId as never)!.toLowerCase().split(/[^a-z]+/).filter(Boolean)[0]}`;
const dir = path.join(drillsRoot, moduleFolder, id);
const testDir = path.join(ROOT, 'test/drills', moduleFolder, id);
const registryFile = path.join(drillsRoot, 'registry.ts');
if (fs.existsSync(dir)) fail(`${path.relative(ROOT, dir)} already exists`);
const registry = fs.readFileSync(registryFile, 'utf8');
if (registry.includes(`/${id}'`)) fail(`drill id ${id} is already registered`);

const className = id.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const shownTitle = title ?? id.replace(/-/g, ' ');

const lab = `import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LabLogGroup, LabStack, LabStackProps } from '../../../lib/lab';

/**
 * ${shownTitle}: the broken environment the student fixes (see README.md). Replace this with the
 * lab's real resources; mark every trap with a TRAP comment and acknowledge what cdk-nag finds
 * because of it with a reason starting "DRILL: trap <trap-id>".
 */
export default class ${className}Lab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    // TRAP short-retention: the application's logs are kept one day, too short to investigate anything.
    new LabLogGroup(this, 'AppLogs', { retention: logs.RetentionDays.ONE_DAY });
  }
}
`;
const solution = lab
  .replace(`${shownTitle}: the broken environment the student fixes (see README.md). Replace this with the\n * lab's real resources; mark every trap with a TRAP comment and acknowledge what cdk-nag finds\n * because of it with a reason starting "DRILL: trap <trap-id>".`, 'Reference fix: `diff lab.ts solution.ts` is the change a student should make.')
  .replace("    // TRAP short-retention: the application's logs are kept one day, too short to investigate anything.\n", '')
  .replace('logs.RetentionDays.ONE_DAY', 'logs.RetentionDays.ONE_MONTH');

const drillTs = `import { resourceHas, runbookCoversChanges, runbookSectionsFilled, want } from '../../../lib/checks';
import { defineDrill } from '../../../lib/model/drill';
import { RUNBOOK_SECTIONS } from '../../runbook-sections';

export default defineDrill({
  id: '${id}',
  module: '${moduleId}',
  title: ${JSON.stringify(shownTitle[0].toUpperCase() + shownTitle.slice(1))},
  summary: 'One line for the catalogue: what is broken and what the student does about it.',
  soaTasks: ['1.1'],
  difficulty: 'core',
  estimatedCostPerHour: 0.0,
  dir: __dirname,
  runbook: { sections: RUNBOOK_SECTIONS },
  traps: [
    { id: 'short-retention', description: 'AppLogs keeps its logs one day', objective: 'logs-retained', resource: 'AppLogs' },
    { id: 'runbook-unfilled', description: 'RUNBOOK.md is the blank template', objective: 'change-recorded', resource: 'RUNBOOK.md' },
  ],
  objectives: [
    {
      id: 'logs-retained',
      title: 'The application logs are kept long enough to investigate an incident',
      weight: 2,
      soaTask: '1.1',
      hint: 'Set AppLogs retention to at least 30 days.',
      checks: [resourceHas('logs-retention', 'AppLogs', 'AWS::Logs::LogGroup', [{ path: 'RetentionInDays', ...want.atLeast(30) }])],
    },
    {
      id: 'change-recorded',
      title: 'The runbook records the change',
      weight: 1,
      soaTask: '1.1',
      hint: 'Fill every section of RUNBOOK.md; under Record, say what you changed on AppLogs and why.',
      checks: [runbookSectionsFilled('runbook-filled', RUNBOOK_SECTIONS), runbookCoversChanges('record-covers-diff', 'Record')],
    },
  ],
});
`;

const sections = ['Permissions', 'Change plan', 'Stop rules', 'Validation gates', 'Rollback path', 'Record'];
const guidance: Record<string, string> = {
  Permissions: 'Which identity do you make this change with, and what may it do? Least privilege applies to you too.',
  'Change plan': 'The steps, in order, and the resources each step touches.',
  'Stop rules': 'When do you stop and roll back instead of pushing on?',
  'Validation gates': 'How do you prove each step worked before the next: commands, tests, expected output.',
  'Rollback path': 'How you undo the change if a gate fails.',
  Record: 'What changed, why, and the impact scope. Name every resource you changed.',
};
const runbook = `# Runbook: ${id}\n\nFill every section in your own words before you grade. The grader reads this file.\n\n${sections.map((s) => `## ${s}\n<!-- ${guidance[s]} -->\n`).join('\n')}`;
const filled: Record<string, string> = {
  Permissions: 'A deploy role that may update this lab stack only; no IAM changes are needed.',
  'Change plan': '1. Set AppLogs retention to one month in lab.ts.\n2. `cdk diff` shows one property change on AppLogs, then `cdk deploy`.',
  'Stop rules': 'Stop if `cdk diff` shows AppLogs replaced or deleted: that would lose the logs.',
  'Validation gates': '`aws logs describe-log-groups` shows retentionInDays 30 for AppLogs after the deploy.',
  'Rollback path': 'Revert the commit and deploy again; retention changes in place, nothing is lost.',
  Record: 'Changed AppLogs (retention one day to one month). Why: a day is too short to investigate an incident. Impact scope: one log group, changed in place.',
};
const runbookSolution = `# Runbook: ${id}\n\n${sections.map((s) => `## ${s}\n${filled[s]}\n`).join('\n')}`;

const readme = `# ${id}: ${shownTitle}

Module ${moduleId} (${moduleTitle(moduleId as never)}) · SOA-C03 1.1 · core · pennies an hour

## Scenario

What the student's team runs, what broke, and who noticed.

## Symptoms

What the student sees (errors, alarms, a bill).

## What is needed

The outcome, precisely enough that another correct fix also passes.

## Objectives

1. **The application logs are kept long enough to investigate an incident** (1.1).
2. **The runbook records the change** (1.1).

## Hints

- Start from what the symptoms name.

## Stop rules

- Stop if \`cdk diff\` shows a stateful resource replaced or deleted.

## Grade

\`\`\`sh
npx awswo grade ${id}
\`\`\`
`;

const test = `import * as path from 'path';
import drill from '../../../../drills/${moduleFolder}/${id}/drill';
import { proveDrill } from '../../drill-proof';
import { variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');

proveDrill(drill, [
  {
    name: 'deleted the log group instead of fixing it',
    labFile: variant(lab, 'deleted-logs', [["    new LabLogGroup(this, 'AppLogs'", "    if (false as boolean) new LabLogGroup(this, 'AppLogs'"]]),
    failing: ['logs-retained'],
  },
]);
`;

const files: Record<string, string> = {
  [path.join(dir, 'lab.ts')]: lab,
  [path.join(dir, 'solution.ts')]: solution,
  [path.join(dir, 'drill.ts')]: drillTs,
  [path.join(dir, 'README.md')]: readme,
  [path.join(dir, 'RUNBOOK.md')]: runbook,
  [path.join(dir, 'RUNBOOK.solution.md')]: runbookSolution,
  [path.join(testDir, 'drill.test.ts')]: test,
};
for (const [file, content] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  process.stdout.write(`wrote ${path.relative(ROOT, file)}\n`);
}

// One line in the registry, after the module's last drill (or in module order).
const entry = `  '${moduleFolder}/${id}',`;
const lines = registry.split('\n');
const entries = lines.map((l, i) => [l, i] as const).filter(([l]) => /^ {2}'\d\d-[^']+',$/.test(l));
const after = [...entries].reverse().find(([l]) => l.slice(3, 5) <= moduleId);
const at = after ? after[1] + 1 : entries.length ? entries[0][1] : lines.findIndex((l) => l.includes('new DrillCatalog(')) + 1;
lines.splice(at, 0, entry);
fs.writeFileSync(registryFile, lines.join('\n'));
process.stdout.write(`registered ${moduleFolder}/${id} in drills/registry.ts\n`);
process.stdout.write(`next: fill in the files (docs/authoring-drills.md), then npm run baselines -- ${id}, npm run docs, npm test\n`);
