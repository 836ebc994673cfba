import { canonicalHash } from '../../classroom/evidence-digest';
import { gradeWorkspace } from '../../classroom/graded-workspace';
import { renderReviewEvidence, reviewEvidence } from '../../classroom/review';
import { appendDecisions, Decision, REVIEW_LOG, reviewerNameError } from '../../classroom/review-log';
import { workspaceDrills } from '../../classroom/workspace';
import { studentNameError } from '../../lab/lab-context';
import { shown } from '../../model/text';
import { Command, EXIT, parse, UsageError } from '../command';
import { findDrillOrFail } from '../select';
import { resolveWorkspace } from './grade';

const MAX_REASON = 2000;

export const review: Command = {
  name: 'review',
  help: `Usage: awswo review --workspace DIR --reviewer NAME [--approve | --reject --reason TEXT] [<drill>]
                    [--live --student NAME [--region R] [--skip-drift]]

The instructor's gate. Grades the workspace (one drill, or every drill it has) and shows what an
instructor verifies before signing off: the automatic result and the drill's scaled score; the
permission discipline (IAM changes against the pristine lab, cdk-nag findings on the changed
resources, wildcard and admin grants anywhere in the student's template, acknowledgements); the
runbook and the incident log as the student wrote them; with --live, the live evidence of the
deployed stack; the hints the student took; the review state so far.

With --approve or --reject it then records the decision in the workspace's append-only log
(${REVIEW_LOG}): reviewer, time, drill, decision, reason, and a digest of the evidence reviewed
(hashes of the normalised template, the runbook and incident log, the report). Every record is
chained to the one before and signed with the reviewers' key (AWSWO_REVIEW_KEY, or a key file
made in AWSWO_HOME, default ~/.config/awswo, on the first decision; share it between the
course's reviewers): an edited, removed or forged record is detected, and the log then counts
for nothing. If the student changes anything after an approval, the approval is STALE in every
report. A score never certifies: only approvals do (awswo status).

Options:
  --workspace DIR    the student's workspace (required)
  --reviewer NAME    who reviews (letters, digits, spaces, . ' _ -; at most 64 characters)
  --approve          approve the drill(s) shown
  --reject           reject them; needs --reason
  --reason TEXT      why (required with --reject, one line, at most ${MAX_REASON} characters)
  --live             also check the deployed stack (as grade --live) and show its evidence
  --student NAME     whose stack (with --live)
  --region R         the stack's region (with --live)
  --skip-drift       no drift detection (with --live)
  -h, --help         this help

A drill that could not be graded (ERROR) cannot be approved: there is no evidence to approve.

Exit codes: 0 shown (and recorded), 2 bad arguments, a drill in ERROR asked to be approved, or a
tampered log asked to take a decision.`,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, {
      workspace: { type: 'string' },
      reviewer: { type: 'string' },
      approve: { type: 'boolean' },
      reject: { type: 'boolean' },
      reason: { type: 'string' },
      live: { type: 'boolean' },
      student: { type: 'string' },
      region: { type: 'string' },
      'skip-drift': { type: 'boolean' },
    });
    if (values.workspace === undefined) throw new UsageError('review needs --workspace DIR: the student workspace to review');
    const reviewer = values.reviewer as string | undefined;
    if (reviewer === undefined) throw new UsageError('review needs --reviewer NAME: who reviews');
    const nameProblem = reviewerNameError(reviewer);
    if (nameProblem) throw new UsageError(`--reviewer: ${nameProblem}`);
    if (values.approve && values.reject) throw new UsageError('give --approve or --reject, not both');
    const decision: Decision | undefined = values.approve ? 'APPROVED' : values.reject ? 'REJECTED' : undefined;
    const reason = values.reason as string | undefined;
    if (decision === 'REJECTED' && (reason === undefined || reason.trim() === '')) throw new UsageError('--reject needs --reason TEXT: the student must learn why');
    if (reason !== undefined && decision === undefined) throw new UsageError('--reason goes with --approve or --reject');
    if (reason !== undefined && (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(reason) || reason.length > MAX_REASON)) {
      throw new UsageError(`--reason must be one line of at most ${MAX_REASON} characters, without control characters`);
    }
    if (positionals.length > 1) throw new UsageError(`review takes one drill id, or none for every drill of the workspace (got ${shown(positionals.join(' '))})`);
    const live = liveOptions(values);
    const workspace = resolveWorkspace(values.workspace as string);
    const drills = positionals.length ? [findDrillOrFail(ctx.catalog, positionals[0])] : workspaceDrills(ctx.catalog, workspace);
    if (drills.length === 0) throw new UsageError(`no drill in ${workspace}: give a drill id`);
    if (live) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

    const graded = await gradeWorkspace(drills, workspace, { live, progress: (line) => ctx.err(`${line}\n`) });
    // Refused before anything is shown: bad input is one line, never a partial review.
    const ungradable = drills.filter((_, i) => !graded.digests[i]);
    if (decision && graded.log.integrity === 'tampered') {
      throw new UsageError(`the review log ${REVIEW_LOG} was tampered with (${graded.log.problems[0]}): move it aside and review again`);
    }
    if (decision && ungradable.length) {
      throw new UsageError(`cannot ${decision === 'APPROVED' ? 'approve' : 'reject'} ${ungradable.map((d) => d.id).join(', ')}: the drill could not be graded, so there is no evidence to decide on`);
    }
    if (graded.log.integrity === 'tampered') ctx.err(`awswo review: the review log was tampered with: ${graded.log.problems.join('; ')}\n`);
    ctx.out(`review of ${workspace} by ${reviewer}: ${drills.length} drill${drills.length === 1 ? '' : 's'}, overall score ${graded.score.scaled}/1000\n\n`);
    for (const [i, drill] of drills.entries()) {
      ctx.out(renderReviewEvidence(reviewEvidence(drill, graded.statics[i], graded.results[i], graded.hints, graded.reviews[drill.id])));
      ctx.out('\n');
    }
    if (!decision) {
      ctx.out('no decision recorded (give --approve, or --reject --reason TEXT)\n');
      return EXIT.ok;
    }
    const records = appendDecisions(workspace, drills.map((drill, i) => ({
      reviewer, drill: drill.id, decision, reason, evidence: { ...graded.digests[i]!, ...(live ? { live: liveDigest(graded.results[i]) } : {}) },
      hintsTaken: graded.hints.filter((h) => h.drill === drill.id).length,
      scaled: graded.score.scaled,
    })));
    for (const r of records) {
      const failing = graded.results[drills.findIndex((d) => d.id === r.drill)].objectives.filter((o) => o.status !== 'pass').length;
      ctx.out(`recorded: ${r.drill} ${r.decision} by ${r.reviewer} at ${r.at}${r.reason ? `: ${shown(r.reason)}` : ''} (record ${r.seq} of ${REVIEW_LOG}, ${r.hash.slice(0, 12)})${r.decision === 'APPROVED' && failing ? `; note: ${failing} objective(s) do not pass` : ''}\n`);
    }
    return EXIT.ok;
  },
};

function liveOptions(values: Record<string, unknown>) {
  const student = values.student as string | undefined;
  if (!values.live) {
    if (student !== undefined || values.region !== undefined || values['skip-drift']) throw new UsageError('--student, --region and --skip-drift only apply with --live');
    return undefined;
  }
  if (student === undefined) throw new UsageError('--live needs --student NAME: the stack checked is awswo-<student>-<drill>');
  const problem = studentNameError(student);
  if (problem) throw new UsageError(`--student: ${problem}`);
  return { student, region: values.region as string | undefined, drift: !values['skip-drift'] };
}

/** What the live evidence shown was, recorded with the decision (a deployment changes by itself: never compared later). */
function liveDigest(result: unknown): string {
  const { durationMs: _d, ...rest } = result as { durationMs?: number };
  return canonicalHash(rest);
}
