import * as fs from 'fs';
import * as path from 'path';
import { gradeDrill, GradeResult, workspaceAttempt } from '../../grading/grader';
import { loadLabClass, synthLab } from '../../grading/synth';
import { studentNameError } from '../../lab/lab-context';
import { gradeLive, hasLiveChecks } from '../../live/runner';
import { LiveSession } from '../../live/session';
import { LIBRARY_ROOT } from '../../paths';
import { buildReport, render, REPORT_FORMATS } from '../../report';
import { Command, EXIT, oneOf, parse, UsageError } from '../command';
import { selectDrills } from '../select';

export const grade: Command = {
  name: 'grade',
  summary: 'grade a student workspace (static checks; --live: the deployed stack too)',
  help: `Usage: awswo grade <drill>|--all|--module NN [--workspace DIR] [--format F]
                   [--live --student NAME [--region R] [--skip-drift]]

Synthesizes the workspace's lab for each drill, re-runs cdk-nag (the student's acknowledgements do
not count), diffs it against the pristine lab and checks the runbook, then reports every objective.

With --live, it then checks the deployed stack awswo-<student>-<drill> through the AWS SDK
(credentials, region and endpoint from the standard chain: AWS_PROFILE, AWS_REGION,
AWS_ENDPOINT_URL), records the API calls and fields each live check judged, and runs CloudFormation
drift detection: a live fix made by hand outside the code fails its objective, because the next
deploy would undo it. Static and live checks both count. awswo grader-policy prints the IAM
policy the grader's credentials need.

Options:
  --workspace DIR    the student's copy of this repository (default: the current directory)
  --format F         text (default), json, junit, md, html, or what a grading platform reads:
                     gradescope, github-classroom, prairielearn (see README.md)
  --all              every drill
  --module NN        every drill of one module
  --live             also check the deployed lab stack
  --student NAME     whose stack to check (required with --live)
  --region R         the stack's region (default: AWS_REGION or the profile's region)
  --skip-drift       do not run drift detection (endpoints without it)
  -h, --help         this help

Exit codes: 0 every objective passes, 1 some objective fails, 2 error (unknown drill, synth error
in the student's code, missing or empty runbook, bad arguments; with --live: no credentials or
region, expired credentials, access denied, throttling, stack missing or in a failed state).`,
  async run(argv, io) {
    const { values, positionals } = parse(argv, {
      workspace: { type: 'string' },
      format: { type: 'string' },
      all: { type: 'boolean' },
      module: { type: 'string' },
      live: { type: 'boolean' },
      student: { type: 'string' },
      region: { type: 'string' },
      'skip-drift': { type: 'boolean' },
    });
    const format = oneOf(values.format as string | undefined, REPORT_FORMATS, '--format', 'text');
    const live = liveOptions(values);
    const drills = selectDrills(positionals, { all: values.all as boolean, module: values.module as string }, 'grade');
    const workspace = resolveWorkspace(values.workspace as string | undefined);
    // The SDK's Node version notice would be a second line on stderr; errors are one line.
    if (live) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const session = live ? new LiveSession({ region: live.region }) : undefined;
    const results: GradeResult[] = [];
    for (const [i, drill] of drills.entries()) {
      if (drills.length > 1) io.err(`grading ${drill.id} (${i + 1}/${drills.length})\n`);
      const attempt = workspaceAttempt(drill, workspace, LIBRARY_ROOT);
      const result = gradeDrill(drill, attempt);
      if (!live || !session) {
        results.push(result);
        continue;
      }
      if (drills.length > 1 && hasLiveChecks(drill)) io.err(`checking the deployed ${drill.id}\n`);
      results.push(await gradeLive(drill, result, {
        student: live.student,
        region: live.region,
        workspace,
        drift: !live.skipDrift,
        session,
        studentTemplate: () => synthLab(drill, loadLabClass(attempt.labFile)).template,
      }));
    }
    const report = buildReport(results, workspace, live ? 'live' : 'static');
    io.out(render(report, format));
    return report.passed ? EXIT.ok : EXIT.failed;
  },
};

/** --live and its companions; --student, --region and --skip-drift mean nothing without --live. */
function liveOptions(values: Record<string, unknown>): { student: string; region?: string; skipDrift: boolean } | undefined {
  const student = values.student as string | undefined;
  const region = values.region as string | undefined;
  if (!values.live) {
    const stray = [student !== undefined && '--student', region !== undefined && '--region', values['skip-drift'] && '--skip-drift'].filter(Boolean);
    if (stray.length) throw new UsageError(`${stray.join(', ')} only apply with --live`);
    return undefined;
  }
  if (student === undefined) throw new UsageError('--live needs --student NAME: the stack checked is awswo-<student>-<drill>');
  const problem = studentNameError(student);
  if (problem) throw new UsageError(`--student: ${problem}`);
  // Loose on purpose: AWS-compatible endpoints use their own region names.
  if (region !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(region)) throw new UsageError(`--region: "${region}" is not an AWS region such as eu-west-1`);
  return { student, region, skipDrift: !!values['skip-drift'] };
}

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
