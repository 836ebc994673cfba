import * as fs from 'fs';
import * as path from 'path';
import { gradeDrill, GradeResult, workspaceAttempt } from '../../grading/grader';
import { LIBRARY_ROOT } from '../../paths';
import { buildReport, render, REPORT_FORMATS } from '../../report';
import { Command, EXIT, oneOf, parse, UsageError } from '../command';
import { selectDrills } from '../select';

export const grade: Command = {
  name: 'grade',
  summary: 'grade a student workspace (static checks)',
  help: `Usage: awswo grade <drill>|--all|--module NN [--workspace DIR] [--format text|json|junit|md]

Synthesizes the workspace's lab for each drill, re-runs cdk-nag (the student's acknowledgements do
not count), diffs it against the pristine lab and checks the runbook, then reports every objective.

Options:
  --workspace DIR    the student's copy of this repository (default: the current directory)
  --format F         text (default), json, junit or md
  --all              every drill
  --module NN        every drill of one module
  -h, --help         this help

Exit codes: 0 every objective passes, 1 some objective fails, 2 error (unknown drill, synth error
in the student's code, missing or empty runbook, bad arguments).`,
  async run(argv, io) {
    const { values, positionals } = parse(argv, {
      workspace: { type: 'string' },
      format: { type: 'string' },
      all: { type: 'boolean' },
      module: { type: 'string' },
    });
    const format = oneOf(values.format as string | undefined, REPORT_FORMATS, '--format', 'text');
    const drills = selectDrills(positionals, { all: values.all as boolean, module: values.module as string }, 'grade');
    const workspace = resolveWorkspace(values.workspace as string | undefined);
    const results: GradeResult[] = [];
    for (const [i, drill] of drills.entries()) {
      if (drills.length > 1) io.err(`grading ${drill.id} (${i + 1}/${drills.length})\n`);
      results.push(gradeDrill(drill, workspaceAttempt(drill, workspace, LIBRARY_ROOT)));
    }
    const report = buildReport(results, workspace);
    io.out(render(report, format));
    return report.passed ? EXIT.ok : EXIT.failed;
  },
};

/** A workspace must be a directory; code loaded from it gets the grader's own library. */
export function resolveWorkspace(dir: string | undefined): string {
  const workspace = path.resolve(dir ?? process.cwd());
  if (!fs.existsSync(workspace) || !fs.statSync(workspace).isDirectory()) throw new UsageError(`workspace not found: ${dir}`);
  if (workspace !== LIBRARY_ROOT) {
    // Outside jest, TypeScript is loaded by bin/register-ts.js, which also redirects the workspace's imports.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../../bin/register-ts').redirectWorkspace(workspace);
  }
  return workspace;
}
