import { librarySource, writeHandout } from '../../classroom/handout';
import type { Drill } from '../../model/drill';
import { shown } from '../../model/text';
import { Command, EXIT, parse, UsageError } from '../command';
import { findDrillOrFail, selectDrills } from '../select';

export const handout: Command = {
  name: 'handout',
  help: `Usage: awswo handout (--module NN | --all | <drill>...) --out DIR [--library SPEC] [--name NAME]

Writes a student workspace into DIR (new or empty): the chosen drills' lab.ts, README.md,
RUNBOOK.md and other documents the drill reads (INCIDENT.md), each module's briefing, and a
project around them: package.json, cdk.json, tsconfig.json, .gitignore, a README for students and
test/awswo-grade.test.js. Nothing that gives the fix away: no solution.ts, no *.solution.md, no
tests of the library, no test variants. Labs import the library as a package (awswo/lib/lab).

In the handout: npm install, then npx awswo grade <drill> (self-check), npm test (the same
grading as Jest tests, one per objective), npx cdk synth|deploy -c student=NAME <drill>.

Options:
  --module NN     every drill of a module
  --all           every drill
  --out DIR       where to write the handout (must not exist, or be empty)
  --library SPEC  where the handout's awswo dependency comes from: a tarball made by npm pack
                  (copied into the handout), a library folder (npm pack of it), or a git URL
                  (git+https://host/org/awswo.git#v0.1.0, github:org/awswo) used as is.
                  Default: npm pack of this library, the tarball written into the handout.
  --name NAME     the handout's package name (default awswo-handout-<modules>)
  -h, --help      this help

The package ships the drills' checks and pristine baselines (the self-check needs them) and never a
solution: a tarball or folder whose package would contain one is refused.

Exit codes: 0 written, 2 bad arguments (DIR not empty, unknown drill, bad --library).`,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, {
      module: { type: 'string' },
      all: { type: 'boolean' },
      out: { type: 'string' },
      library: { type: 'string' },
      name: { type: 'string' },
    });
    const out = values.out as string | undefined;
    if (out === undefined || out.trim() === '') throw new UsageError('handout needs --out DIR');
    const name = values.name as string | undefined;
    if (name !== undefined && !/^[a-z0-9][a-z0-9._-]{0,213}$/.test(name)) throw new UsageError(`--name: "${shown(name)}" is not an npm package name (lowercase letters, digits, . _ -)`);
    const drills = chosenDrills(ctx.catalog, positionals, values.all as boolean | undefined, values.module as string | undefined);
    const library = librarySource(values.library as string | undefined);
    const written = writeHandout({ out, drills, library, name, progress: (line) => ctx.err(`${line}\n`) });
    ctx.out(`wrote ${written.files.length} files to ${written.dir} (${drills.length} drill${drills.length === 1 ? '' : 's'}: ${drills.map((d) => d.id).join(', ')}; awswo from ${written.dependency})\n`);
    ctx.out(`next: cd ${written.dir} && git init && git add -A && git commit -m handout; students run npm install\n`);
    return EXIT.ok;
  },
};

function chosenDrills(catalog: Parameters<typeof selectDrills>[0], positionals: string[], all: boolean | undefined, module: string | undefined): Drill[] {
  if (positionals.length > 1) {
    if (all || module !== undefined) throw new UsageError('handout takes drill ids, --all or --module NN, not several');
    const seen = new Set<string>();
    const drills = positionals.map((id) => findDrillOrFail(catalog, id)).filter((d) => !seen.has(d.id) && seen.add(d.id));
    // Syllabus order, whatever order they were given in.
    return catalog.all().filter((d) => drills.includes(d));
  }
  return selectDrills(catalog, positionals, { all, module }, 'handout');
}
