// The live check of an injected incident: the alarm went ALARM -> OK after `awswo inject`, and the
// student's INCIDENT.md timeline agrees with the alarm history. Written against the LiveContext contract.
import type { AlarmHistoryItem } from '@aws-sdk/client-cloudwatch';
import { error, fail, pass } from '../../lib/model/verdict';
import type { LiveCheck, LiveContext } from '../../lib/model/live-check';
import { incidentLogProblems, parseIncidentLog, stepAt } from './incident-log';
import { sdk } from '../../lib/live/sdk';

/** Tag `awswo inject` puts on the resource it broke: when the incident began (ISO 8601 UTC). */
export const INJECTED_AT_TAG = 'awswo:incident-injected-at';
/** Tag `awswo inject` puts beside it: what it did, in words. */
export const INJECTED_WHAT_TAG = 'awswo:incident';

export interface Transition {
  readonly at: Date;
  readonly from: string;
  readonly to: string;
}

/** The state change of one StateUpdate history item, from HistoryData (JSON) or the summary text. */
export function transitionOf(item: AlarmHistoryItem): Transition | undefined {
  if (!item.Timestamp) return undefined;
  try {
    const data = JSON.parse(item.HistoryData ?? '');
    const from = data?.oldState?.stateValue;
    const to = data?.newState?.stateValue;
    if (typeof from === 'string' && typeof to === 'string') return { at: new Date(item.Timestamp), from, to };
  } catch {
    // fall through to the summary
  }
  const m = /from (OK|ALARM|INSUFFICIENT_DATA) to (OK|ALARM|INSUFFICIENT_DATA)/.exec(item.HistorySummary ?? '');
  return m ? { at: new Date(item.Timestamp), from: m[1], to: m[2] } : undefined;
}

/** Every state transition of an alarm since `start`, oldest first (all pages). */
export async function alarmTransitions(ctx: LiveContext, alarmName: string, start: Date, end: Date): Promise<Transition[]> {
  const cw = ctx.client(sdk.cloudwatch().CloudWatchClient);
  const items: AlarmHistoryItem[] = [];
  let NextToken: string | undefined;
  do {
    const out = await cw.send(new (sdk.cloudwatch().DescribeAlarmHistoryCommand)({
      AlarmName: alarmName, HistoryItemType: 'StateUpdate', StartDate: start, EndDate: end, ScanBy: 'TimestampAscending', MaxRecords: 100, NextToken,
    }));
    items.push(...(out.AlarmHistoryItems ?? []));
    NextToken = out.NextToken;
  } while (NextToken);
  return items.map(transitionOf).filter((t): t is Transition => !!t).sort((a, b) => a.at.getTime() - b.at.getTime());
}

export interface IncidentTimelineOptions {
  /** The alarm that must go ALARM -> OK (construct id). */
  readonly alarm: string;
  /** The security group `awswo inject` tagged with the injection time (construct id). */
  readonly injectedOn: string;
  /** The incident log's document name (default INCIDENT.md): the grader read it with the lab. */
  readonly file?: string;
  /** Slack between the log's times and the alarm history (clocks, minutes written without seconds). */
  readonly toleranceMs?: number;
  /** For tests: what time it is. */
  readonly now?: () => Date;
}

const iso = (d: Date) => d.toISOString().replace(/\.000Z$/, 'Z');
const minutes = (ms: number) => `${Math.round(ms / 6000) / 10} min`;

/**
 * After the injection, the alarm went into ALARM and back to OK; the time to detect and to recover
 * are recorded; INCIDENT.md's steps are in order, Observe not before the ALARM transition, Mitigate
 * not after the OK transition and Verify not before it (within the tolerance).
 */
export function liveIncidentTimeline(id: string, opts: IncidentTimelineOptions): LiveCheck {
  const tolerance = opts.toleranceMs ?? 2 * 60_000;
  const file = opts.file ?? 'INCIDENT.md';
  return {
    id,
    apiCalls: ['ec2:DescribeSecurityGroups', 'cloudwatch:DescribeAlarmHistory'],
    run: async (ctx) => {
      const sg = ctx.resource(opts.injectedOn);
      const alarm = ctx.resource(opts.alarm);
      if (!sg || !alarm) return fail(`${[!sg && opts.injectedOn, !alarm && opts.alarm].filter(Boolean).join(', ')} not in the deployed stack ${ctx.stack.stackName}: fix it, don't delete it, and deploy`);

      const request = { GroupIds: [sg.physicalId] };
      const groups = await ctx.client(sdk.ec2().EC2Client).send(new (sdk.ec2().DescribeSecurityGroupsCommand)(request));
      const tags = groups.SecurityGroups?.[0]?.Tags ?? [];
      const injectedAt = tags.find((t) => t.Key === INJECTED_AT_TAG)?.Value;
      ctx.record({ call: 'ec2:DescribeSecurityGroups', request, observed: { [INJECTED_AT_TAG]: injectedAt, [INJECTED_WHAT_TAG]: tags.find((t) => t.Key === INJECTED_WHAT_TAG)?.Value } });
      const injected = injectedAt ? new Date(injectedAt) : undefined;
      if (!injected || Number.isNaN(injected.getTime())) {
        return error(`no incident was injected into ${ctx.stack.stackName} (no ${INJECTED_AT_TAG} tag on ${opts.injectedOn}): the instructor runs awswo inject ${ctx.target.drill?.id ?? ''} --student ${ctx.target.student} first`);
      }

      const now = opts.now?.() ?? new Date();
      const transitions = await alarmTransitions(ctx, alarm.physicalId, new Date(injected.getTime() - tolerance), now);
      const alarmed = transitions.find((t) => t.to === 'ALARM' && t.at.getTime() >= injected.getTime() - tolerance);
      const recovered = alarmed ? transitions.find((t) => t.from === 'ALARM' && t.to === 'OK' && t.at > alarmed.at) : undefined;
      ctx.record({
        call: 'cloudwatch:DescribeAlarmHistory',
        request: { AlarmName: alarm.physicalId, HistoryItemType: 'StateUpdate', StartDate: iso(new Date(injected.getTime() - tolerance)) },
        observed: {
          transitions: transitions.map((t) => `${iso(t.at)} ${t.from} -> ${t.to}`),
          injectedAt: iso(injected),
          alarmAt: alarmed && iso(alarmed.at),
          okAt: recovered && iso(recovered.at),
          timeToDetectSeconds: alarmed && Math.round((alarmed.at.getTime() - injected.getTime()) / 1000),
          timeToRecoverSeconds: alarmed && recovered && Math.round((recovered.at.getTime() - alarmed.at.getTime()) / 1000),
        },
      });
      if (!alarmed) return fail(`${opts.alarm} has not gone into ALARM since the incident began at ${iso(injected)}: check what it watches, and grade again once it has fired`);
      if (!recovered) return fail(`${opts.alarm} went into ALARM at ${iso(alarmed.at)} and has not returned to OK: the incident is not mitigated yet`);

      const doc = ctx.target.documents[file];
      if (!doc) return error(`the grader read no ${file} with this lab: the drill must declare it in its documents`);
      const shown = doc.file;
      const log = parseIncidentLog(doc.text, shown);
      const structure = incidentLogProblems(log);
      if (structure.length) return fail(structure.join('; '));
      const at = (s: Parameters<typeof stepAt>[1]) => stepAt(log, s)!;
      ctx.record({ call: 'workspace:INCIDENT.md', request: { file: shown }, observed: Object.fromEntries(log.steps.map((s) => [s.step, s.at && iso(s.at)])) });

      const problems: string[] = [];
      if (at('Observe').getTime() < alarmed.at.getTime() - tolerance) problems.push(`Observe (${iso(at('Observe'))}) is before ${opts.alarm} went into ALARM (${iso(alarmed.at)})`);
      if (at('Mitigate').getTime() > recovered.at.getTime() + tolerance) problems.push(`Mitigate (${iso(at('Mitigate'))}) is after ${opts.alarm} was already back to OK (${iso(recovered.at)})`);
      if (at('Verify').getTime() < recovered.at.getTime() - tolerance) problems.push(`Verify (${iso(at('Verify'))}) is before ${opts.alarm} returned to OK (${iso(recovered.at)})`);
      if (at('Document').getTime() > now.getTime() + tolerance) problems.push(`Document (${iso(at('Document'))}) is in the future`);
      const ttr = minutes(recovered.at.getTime() - alarmed.at.getTime());
      if (problems.length) return fail(`${shown} does not match the alarm history (ALARM ${iso(alarmed.at)}, OK ${iso(recovered.at)}): ${problems.join('; ')}`);
      return pass(`${opts.alarm} went ALARM at ${iso(alarmed.at)} (${minutes(alarmed.at.getTime() - injected.getTime())} after the injection) and OK at ${iso(recovered.at)}: recovered in ${ttr}; ${shown} agrees`);
    },
  };
}
