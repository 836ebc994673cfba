import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { Drill } from '../model/drill';
import type { Status, Verdict } from '../model/verdict';
import { firstLine } from '../grading/errors';
import { readBaseline } from '../grading/baseline';
import { type GradeResult, type ObjectiveResult } from '../model/result';
import type { TemplateJson } from '../model/template';
import { labStackName } from '../lab/lab-context';
import { CheckContext, ConstructResolver } from './context';
import { describeDrift, detectDrift, DRIFT_CALLS, DRIFT_TIMEOUT_MS } from './drift';
import { CallSite, liveError } from './errors';
import type { LiveCheck, LiveTarget } from '../model/live-check';
import type { DriftReport, LiveCheckResult, LiveGradeResult, LiveObjectiveResult, WaitRecord } from '../model/live-result';
import { LiveSession, SessionOptions } from './session';
import { deployedTemplate, differingResources, TEMPLATE_CALL } from './deployed-template';
import { loadDeployedStack, stackEnv, stackStateWarning } from './stack';
import type { SynthIdentity } from '../model/evidence';

/** The calls the runner itself makes, whatever the drill: part of every grader policy. */
export const STACK_CALLS = ['cloudformation:DescribeStacks', 'cloudformation:ListStackResources'] as const;
export const RUNNER_CALLS: readonly string[] = [...STACK_CALLS, TEMPLATE_CALL, ...DRIFT_CALLS];

export interface LiveGradeOptions extends SessionOptions {
  /** Whose lab: the stack is `awswo-<student>-<drill>`. Validated by the caller (studentNameError). */
  readonly student: string;
  readonly workspace: string;
  /** The documents the static grade read, for live checks that compare them with AWS (INCIDENT.md). */
  readonly documents?: LiveTarget['documents'];
  /** CloudFormation drift detection; default true (`--skip-drift` turns it off). */
  readonly drift?: boolean;
  readonly driftTimeoutMs?: number;
  /** The student's synthesized template, for constructs the baseline does not have; called at most once. */
  readonly studentTemplate?: () => TemplateJson | undefined;
  /** The template the static grade judged and the identity it was synthesized for: compared with the deployed one. */
  readonly graded?: { readonly template: TemplateJson; readonly identity: SynthIdentity };
  /** One session (region, clients) shared by every drill of a run. */
  readonly session?: LiveSession;
}

export function hasLiveChecks(drill: Drill): boolean {
  return drill.objectives.some((o) => (o.liveChecks ?? []).length > 0);
}

const RANK: Record<Status, number> = { pass: 0, fail: 1, error: 2 };

/**
 * Grades the deployed lab stack after the static grade: runs every objective's live checks with
 * their evidence, detects drift, and folds both into the objectives (static and live checks both
 * count). Anything that stops the live grade from meaning something (no credentials, access
 * denied, throttling, missing or failed stack) throws a LiveError: one line, no partial report.
 */
export async function gradeLive(drill: Drill, staticResult: GradeResult, opts: LiveGradeOptions): Promise<LiveGradeResult> {
  const started = Date.now();
  const stackName = labStackName({ student: opts.student, drillId: drill.id });
  const endpoint = process.env.AWS_ENDPOINT_URL || undefined;
  if (!hasLiveChecks(drill)) {
    return {
      ...staticResult,
      objectives: staticResult.objectives,
      live: {
        student: opts.student,
        stackName,
        region: opts.region ?? '',
        regionSource: 'not used',
        endpoint,
        drift: { checked: false, drifted: [] },
        waits: [],
        warnings: [`${drill.id} has no live checks yet: graded statically only`],
      },
    };
  }

  const session = opts.session ?? new LiveSession(opts);
  const { region, source } = await session.region();
  const site: CallSite = { region, regionSource: source, stackName };
  const guard = async <T>(run: () => Promise<T>, extra: Partial<CallSite> = {}): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      throw liveError(err, { ...site, ...extra }) ?? err;
    }
  };

  const cfn = session.client(CloudFormationClient);
  const stack = await guard(() => loadDeployedStack(cfn, stackName), { apiCalls: STACK_CALLS });
  const warnings: string[] = [];
  const stateWarning = stackStateWarning(stackName, stack.status);
  if (stateWarning) warnings.push(stateWarning);
  if (opts.graded) {
    const deployed = await guard(() => deployedTemplate(cfn, stackName), { apiCalls: [TEMPLATE_CALL] });
    const env = stackEnv(stack);
    const differing = deployed ? differingResources(opts.graded.template, opts.graded.identity, deployed, { student: opts.student, account: env.account, region: env.region }) : [];
    if (!deployed) warnings.push(`the deployed template of ${stackName} could not be read: the grader cannot tell whether it is the lab graded here`);
    else if (differing.length) {
      const shown = differing.slice(0, 5).map((id) => resolverless(id, opts.graded!.template)).join(', ');
      warnings.push(`the deployed stack is not the lab graded here (${shown}${differing.length > 5 ? ` and ${differing.length - 5} more` : ''} differ): deploy lab.ts again; the live checks judge what is deployed`);
    }
  }

  const target: LiveTarget = { drill, student: opts.student, region, stackName, workspace: opts.workspace, documents: opts.documents ?? {} };
  const resolver = new ConstructResolver(readBaseline(drill), opts.studentTemplate);

  const perObjective = new Map<string, { results: LiveCheckResult[]; touched: Set<string> }>();
  for (const objective of drill.objectives) {
    const results: LiveCheckResult[] = [];
    const touched = new Set<string>();
    for (const check of objective.liveChecks ?? []) {
      const ctx = new CheckContext(target, stack, session, resolver);
      const verdict = await runLiveCheck(check, ctx, site);
      if (check.driftSubjects) {
        const subjects = new CheckContext(target, stack, session, resolver);
        check.driftSubjects.forEach((id) => subjects.touch(id));
        subjects.touched.forEach((id) => touched.add(id));
      } else {
        ctx.touched.forEach((id) => touched.add(id));
      }
      results.push({ id: check.id, kind: 'live', status: verdict.status, message: verdict.message, evidence: ctx.evidence, waits: ctx.waits });
    }
    perObjective.set(objective.id, { results, touched });
  }

  const runWaits: WaitRecord[] = [];
  let drift: DriftReport = { checked: false, drifted: [] };
  if (opts.drift !== false) {
    drift = await guard(
      () => detectDrift(cfn, stackName, { sleep: session.sleep, clock: session.clock }, (w) => runWaits.push(w), (id) => resolver.constructIdOf(id), opts.driftTimeoutMs ?? DRIFT_TIMEOUT_MS),
      { apiCalls: DRIFT_CALLS },
    );
    if (drift.detectionReason) warnings.push(`drift detection could not check every resource: ${drift.detectionReason}`);
  } else {
    warnings.push('drift detection skipped (--skip-drift): a fix made by hand outside the code would not be noticed');
  }

  const attributed = new Set<string>();
  const objectives = staticResult.objectives.map((o) => {
    const live = perObjective.get(o.id);
    if (!live || live.results.length === 0) return o;
    const drifted = drift.drifted.filter((d) => live.touched.has(d.logicalId));
    drifted.forEach((d) => attributed.add(d.logicalId));
    return combine(o, live.results, drifted.map(describeDrift));
  });
  for (const d of drift.drifted.filter((x) => !attributed.has(x.logicalId))) {
    warnings.push(`${describeDrift(d)}: the next deploy would undo this change`);
  }

  return {
    ...staticResult,
    passed: objectives.every((o) => o.status === 'pass'),
    objectives,
    live: { student: opts.student, stackName, stackId: stack.stackId, stackStatus: stack.status, region, regionSource: source, endpoint, drift, waits: runWaits, warnings },
    durationMs: staticResult.durationMs + (Date.now() - started),
  };
}

/** Runs one live check: SDK errors become a LiveError for the whole grade; a bug in the check is a check error. */
async function runLiveCheck(check: LiveCheck, ctx: CheckContext, site: CallSite): Promise<Verdict> {
  try {
    const verdict = await check.run(ctx);
    if (!verdict || !(verdict.status in RANK)) return { status: 'error', message: `live check ${check.id} returned no verdict` };
    return verdict;
  } catch (err) {
    const le = liveError(err, { ...site, checkId: check.id, apiCalls: check.apiCalls });
    if (le) throw le;
    return { status: 'error', message: `live check could not run: ${firstLine(err)}` };
  }
}

/**
 * The objective with its live checks: the worst of the static result and every live check; a
 * pass that rests on resources changed outside CloudFormation is a fail, because the next deploy
 * would undo it.
 */
function combine(o: ObjectiveResult, live: readonly LiveCheckResult[], drift: readonly string[]): LiveObjectiveResult {
  const worstLive = [...live].sort((a, b) => RANK[b.status] - RANK[a.status])[0];
  let status: Status = o.status;
  let message = o.message;
  if (RANK[worstLive.status] > RANK[o.status]) {
    status = worstLive.status;
    message = `live: ${worstLive.message}`;
  } else if (o.status === 'pass') {
    message = `${o.message}; live: ${live.map((c) => c.message).join('; ')}`;
  }
  const driftLines = drift.map((d) => `${d}: the next deploy would undo this fix`);
  if (status === 'pass' && drift.length > 0) {
    status = 'fail';
    message = `the live checks pass only because ${drift.join('; ')}: the next deploy would undo this fix; make it in lab.ts and deploy it`;
  }
  return { ...o, status, message, checks: [...o.checks, ...live], ...(driftLines.length ? { drift: driftLines } : {}) };
}


/** `OpsRole (OpsRoleBC007320)` when the graded template knows the construct, else the logical id. */
function resolverless(logicalId: string, template: TemplateJson): string {
  const path = template.Resources?.[logicalId]?.Metadata?.['aws:cdk:path'];
  const construct = typeof path === 'string' ? path.split('/').slice(1).filter((p) => p !== 'Resource' && p !== 'Default').join('/') : '';
  return construct ? `${construct} (${logicalId})` : logicalId;
}
