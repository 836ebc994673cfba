import * as fs from 'fs';
import * as path from 'path';
import { gradeWorkspace, reportReviews, summarise } from '../../classroom/graded-workspace';
import { hintDeductions, readHints, recordHints, withHintCosts, withHintsShown } from '../../classroom/hints';
import { handoutDrillIds, workspaceDrills } from '../../classroom/workspace';
import type { DrillCatalog } from '../../grading/catalog';
import type { LiveOptions } from '../../grading/grade-attempt';
import type { Drill } from '../../model/drill';
import { studentNameError } from '../../lab/lab-context';
import type { GradeResult } from '../../model/result';
import { buildReport, render, REPORT_FORMATS } from '../../report';
import { DEFAULT_LIMITS, SandboxLimits } from '../../sandbox/pool';
import { Command, EXIT, oneOf, parse, UsageError } from '../command';
import { selectDrills } from '../select';
import { shown } from '../../model/text';

export const grade: Command = {
  name: 'grade',
  help: `Usage: awswo grade <drill>|--all|--module NN [--workspace DIR] [--format F] [--hints]
                   [--synth-timeout S] [--live --student NAME [--region R] [--skip-drift]]

Grades the workspace's lab for each drill. The lab is type-checked and bundled in the grader, then
synthesized in a sandboxed child process (Node's permission model: it reads only the library's
packages and its own bundle, writes only its output folder, starts no processes; time and memory
limits), twice, for two fresh identities: only the templates come back, as data. The grader then
re-runs cdk-nag on the template (the student's acknowledgements do not count), diffs it against
the pristine lab, reads the documents, and reports every objective.

With --live, it then checks the deployed stack awswo-<student>-<drill> through the AWS SDK
(credentials, region and endpoint from the standard chain: AWS_PROFILE, AWS_REGION,
AWS_ENDPOINT_URL), records the API calls and fields each live check judged, and runs CloudFormation
drift detection: a live fix made by hand outside the code fails its objective, because the next
deploy would undo it. Static and live checks both count. awswo grader-policy prints the IAM
policy the grader's credentials need.

Options:
  --workspace DIR     the student's workspace: a copy of this repository or a handout
                      (default: the current directory)
  --format F          text (default), json, junit, md, html, or what a grading platform reads:
                      gradescope, github-classroom, prairielearn (see README.md)
  --all               every drill (in a handout: the handout's drills)
  --hints             show the hint of every objective that does not pass, and record them as
                      taken in .awswo/hints.jsonl (a drill may declare a cost per hint; the
                      score then says so). Without it a report shows only the hints taken
                      (awswo hint <drill> --next)
  --module NN         every drill of one module
  --synth-timeout S   wall-clock limit of one lab's synthesis, in seconds (default ${DEFAULT_LIMITS.timeoutMs / 1000})
  --live              also check the deployed lab stack
  --student NAME      whose stack to check (required with --live)
  --region R          the stack's region (default: AWS_REGION or the profile's region)
  --skip-drift        do not run drift detection (endpoints without it)
  --roster FILE       with --live: the class roster; when it gives the student an account and a
                      role (see awswo deploy), the stack is read in that account, as that role
  -h, --help          this help

Every drill is graded on its own: a lab that does not compile, has type errors, fails, hangs or
runs out of memory is an ERROR for that drill (with file:line:col where the compiler gives one),
and the other drills are graded all the same.

Each drill's review state comes from the workspace's review log (.awswo/reviews.jsonl, written by
awswo review): NOT REVIEWED, APPROVED, REJECTED, or STALE when the work changed after the approval.

Exit codes: 0 every objective passes, 1 some objective fails, 2 some drill could not be graded
(see above; a missing, empty, oversized or binary runbook too) or bad input (unknown drill, bad
arguments; with --live: no credentials or region, expired credentials, access denied,
throttling, stack missing or in a failed state).`,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, {
      workspace: { type: 'string' },
      format: { type: 'string' },
      all: { type: 'boolean' },
      module: { type: 'string' },
      'synth-timeout': { type: 'string' },
      live: { type: 'boolean' },
      student: { type: 'string' },
      region: { type: 'string' },
      'skip-drift': { type: 'boolean' },
      hints: { type: 'boolean' },
      roster: { type: 'string' },
    });
    const format = oneOf(values.format as string | undefined, REPORT_FORMATS, '--format', 'text');
    // The SDK's Node version notice would be a second line on stderr; errors are one line.
    if (values.live) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const live = await withRosterAccount(liveOptions(values), values.roster as string | undefined);
    const limits = sandboxLimits(values['synth-timeout'] as string | undefined);
    const selected = selectDrills(ctx.catalog, positionals, { all: values.all as boolean, module: values.module as string }, 'grade');
    const workspace = resolveWorkspace(values.workspace as string | undefined);
    const drills = values.all ? handoutOrAll(ctx.catalog, workspace, selected) : selected;
    if (drills.length > 1) ctx.err(`grading ${drills.length} drills in ${workspace}\n`);
    let graded = await gradeWorkspace(drills, workspace, { limits, live, progress: (line) => ctx.err(`${line}\n`) });
    const { results } = graded;
    for (const r of results) if (r.error) ctx.err(`awswo grade: ${r.drill}: ERROR: ${r.error.message}\n`);
    if (graded.log.integrity === 'tampered') ctx.err(`awswo grade: the review log was tampered with (${graded.log.problems[0]}): no review in it counts\n`);
    if (values.hints) {
      for (const [i, drill] of drills.entries()) {
        recordHints(workspace, drill, drill.objectives.filter((o) => results[i].objectives.find((r) => r.id === o.id)?.status !== 'pass'), 'grade');
      }
      graded = summarise(drills, workspace, results, graded.statics);
    }
    const hints = readHints(workspace);
    const shownResults = withHintCosts(withHintsShown(results, hints), hintDeductions(drills, hints));
    const report = buildReport(shownResults, graded.score, workspace, live ? 'live' : 'static', { reviews: reportReviews(graded.reviews) });
    ctx.out(render(report, format));
    return exitCode(results);
  },
};

/** --all in a handout means the handout's drills (its package.json lists them), not every drill of the catalogue. */
export function handoutOrAll(catalog: DrillCatalog, workspace: string, all: Drill[]): Drill[] {
  return handoutDrillIds(workspace) === undefined ? all : workspaceDrills(catalog, workspace);
}

/** 2 when some drill could not be graded, else 1 when some objective fails, else 0. */
export function exitCode(results: readonly GradeResult[]): number {
  if (results.some((r) => r.status === 'error' || r.objectives.some((o) => o.status === 'error'))) return EXIT.error;
  return results.every((r) => r.passed) ? EXIT.ok : EXIT.failed;
}

function sandboxLimits(timeout: string | undefined): SandboxLimits {
  if (timeout === undefined) return DEFAULT_LIMITS;
  const seconds = Number(timeout);
  if (!/^\d+(\.\d+)?$/.test(timeout) || !(seconds > 0) || seconds > 3600) {
    throw new UsageError(`--synth-timeout: "${shown(timeout)}" is not a number of seconds between 0 and 3600`);
  }
  return { ...DEFAULT_LIMITS, timeoutMs: Math.round(seconds * 1000) };
}

/** With --roster, the live grade works in the student's account, as the role the roster gives. */
async function withRosterAccount(live: LiveOptions | undefined, roster: string | undefined): Promise<LiveOptions | undefined> {
  if (roster === undefined) return live;
  if (!live) throw new UsageError('--roster only applies with --live');
  const { readRoster } = require('../../classroom/roster') as typeof import('../../classroom/roster');
  const { studentAccount } = require('../../classroom/class-deploy') as typeof import('../../classroom/class-deploy');
  const entry = readRoster(roster).find((e) => e.student === live.student);
  if (!entry) throw new UsageError(`--roster: ${live.student} is not on ${shown(roster)}`);
  const region = live.region ?? entry.region;
  const { credentials } = await studentAccount(entry, region);
  return { ...live, region, credentials };
}

/** --live and its companions; --student, --region and --skip-drift mean nothing without --live. */
function liveOptions(values: Record<string, unknown>): LiveOptions | undefined {
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
  if (region !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(region)) throw new UsageError(`--region: "${shown(region)}" is not an AWS region such as eu-west-1`);
  return { student, region, drift: !values['skip-drift'] };
}

/** A workspace must be an existing directory; an empty --workspace is a mistake, not the current directory. */
export function resolveWorkspace(dir: string | undefined): string {
  if (dir !== undefined && dir.trim() === '') throw new UsageError('--workspace is empty: give the student workspace folder');
  const workspace = path.resolve(dir ?? process.cwd());
  let isDir = false;
  try {
    isDir = fs.statSync(workspace).isDirectory();
  } catch {
    throw new UsageError(`workspace not found: ${shown(dir ?? workspace)}`);
  }
  if (!isDir) throw new UsageError(`workspace is not a directory: ${shown(dir ?? workspace)}`);
  return fs.realpathSync(workspace);
}
