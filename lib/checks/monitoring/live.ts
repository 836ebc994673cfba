// Live checks of module 05 (incident response): alarms, where they send, what they watch, logs.
// Written against the LiveContext contract only (lib/live/live-check.ts); SDK errors propagate.
import type { CompositeAlarm, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { error, fail, pass, Verdict } from '../../model/verdict';
import type { DeployedResource, LiveCheck, LiveContext } from '../../model/live-check';
import { sdk } from '../../live/sdk';

/** How a dimension must be bound: to the deployed resource of a lab construct. */
export type DimensionSpec =
  | { readonly loadBalancer: string }
  | { readonly targetGroup: string }
  | { readonly ref: string };

/** The metric an alarm must watch. */
export interface MetricSpec {
  readonly alarm: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, DimensionSpec>>;
}

const GUARDRAILS = 'AwswoGuardrails';

const notDeployed = (ctx: LiveContext, ids: readonly string[]) =>
  fail(`${ids.join(', ')} ${ids.length === 1 ? 'is' : 'are'} not in the deployed stack ${ctx.stack.stackName}: fix ${ids.length === 1 ? 'it' : 'them'}, don't delete, and deploy`);

/** Deployed resources of the named constructs, or the ids that are not deployed. */
function deployedAll(ctx: LiveContext, ids: readonly string[]): { found: Map<string, DeployedResource>; missing: string[] } {
  const found = new Map<string, DeployedResource>();
  const missing: string[] = [];
  for (const id of ids) {
    const r = ctx.resource(id);
    if (r) found.set(id, r);
    else missing.push(id);
  }
  return { found, missing };
}

/** DescribeAlarms for the given names (metric and composite), all pages, recorded by the caller. */
export async function describeAlarms(ctx: LiveContext, names: readonly string[]): Promise<{ metric: MetricAlarm[]; composite: CompositeAlarm[] }> {
  const cw = ctx.client(sdk.cloudwatch().CloudWatchClient);
  const metric: MetricAlarm[] = [];
  const composite: CompositeAlarm[] = [];
  for (let i = 0; i < names.length; i += 100) {
    let NextToken: string | undefined;
    do {
      const out = await cw.send(new (sdk.cloudwatch().DescribeAlarmsCommand)({ AlarmNames: names.slice(i, i + 100), AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken }));
      metric.push(...(out.MetricAlarms ?? []));
      composite.push(...(out.CompositeAlarms ?? []));
      NextToken = out.NextToken;
    } while (NextToken);
  }
  return { metric, composite };
}

/** What is wrong with a topic policy (a JSON string) for TLS, or undefined when it denies publishing without TLS. */
export function tlsPolicyProblem(policy: string | undefined): string | undefined {
  if (!policy) return 'it has no access policy';
  let doc: any;
  try {
    doc = JSON.parse(policy);
  } catch {
    return 'its access policy is not valid JSON';
  }
  const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const ok = list<any>(doc?.Statement).some((s) => {
    if (s?.Effect !== 'Deny') return false;
    const principal = s.Principal === '*' || list(s.Principal?.AWS).includes('*');
    const publish = list<string>(s.Action).some((a) => ['sns:publish', 'sns:*', '*'].includes(String(a).toLowerCase()));
    const insecure = ['Bool', 'BoolIfExists'].some((op) => String(s.Condition?.[op]?.['aws:SecureTransport']).toLowerCase() === 'false');
    return principal && publish && insecure;
  });
  return ok ? undefined : 'its access policy does not deny sns:Publish when aws:SecureTransport is false';
}

/** The lab's own SNS topics (ARN → logical id), guardrail topics excluded. */
function labTopics(ctx: LiveContext): Map<string, string> {
  return new Map(ctx.stack.resources
    .filter((r) => r.type === 'AWS::SNS::Topic' && !r.logicalId.startsWith(GUARDRAILS))
    .map((r) => [r.physicalId, r.logicalId]));
}

/** Caches GetTopicAttributes per topic within one check run, recording each call. */
function topicJudge(ctx: LiveContext): (arn: string) => Promise<string | undefined> {
  const seen = new Map<string, string | undefined>();
  return async (arn) => {
    if (seen.has(arn)) return seen.get(arn);
    const out = await ctx.client(sdk.sns().SNSClient).send(new (sdk.sns().GetTopicAttributesCommand)({ TopicArn: arn }));
    const policy = out.Attributes?.Policy;
    const problem = tlsPolicyProblem(policy);
    ctx.record({ call: 'sns:GetTopicAttributes', request: { TopicArn: arn }, observed: { Policy: policy, enforcesTls: !problem } });
    seen.set(arn, problem);
    return problem;
  };
}

type Alarmish = { AlarmName?: string; AlarmActions?: string[]; OKActions?: string[]; ActionsEnabled?: boolean };

/** What is wrong with where an alarm's actions go, or undefined when one is a TLS-only lab topic. */
async function actionProblem(ctx: LiveContext, alarm: Alarmish, key: 'AlarmActions' | 'OKActions', judge: (arn: string) => Promise<string | undefined>): Promise<string | undefined> {
  const name = alarm.AlarmName;
  const what = key === 'AlarmActions' ? 'alarm action' : 'OK action';
  const targets = alarm[key] ?? [];
  if (targets.length === 0) return `${name} has no ${what}`;
  if (alarm.ActionsEnabled === false) return `${name} has its actions disabled`;
  const topics = labTopics(ctx);
  const own = targets.filter((a) => topics.has(a));
  if (own.length === 0) return `${name}'s ${what} (${targets.join(', ')}) is not an SNS topic of the lab`;
  let last: string | undefined;
  for (const arn of own) {
    last = await judge(arn);
    if (!last) return undefined;
  }
  return `${name} notifies ${own[own.length - 1]}, but ${last}`;
}

export interface LiveNotifyOptions {
  readonly okActions?: boolean;
  readonly throughComposite?: boolean;
}

/**
 * The verdict of a check over several resources, unless all is well: an ERROR when the API no longer
 * finds one (deleted outside CloudFormation, as everywhere: lib/live/deployed.ts), naming the other
 * problems too; else a fail listing them.
 */
function problemsVerdict(gone: readonly string[], problems: readonly string[]): Verdict | undefined {
  if (gone.length) return error(`${[...gone, ...problems].join('; ')}; deploy the lab again`);
  if (problems.length) return fail(problems.join('; '));
  return undefined;
}

/** The deployed alarms notify a TLS-only SNS topic of the lab (directly, or through a composite alarm that does). */
export function liveAlarmsNotify(id: string, alarmIds: readonly string[], opts: LiveNotifyOptions = {}): LiveCheck {
  return {
    id,
    apiCalls: ['cloudwatch:DescribeAlarms', 'sns:GetTopicAttributes'],
    run: async (ctx) => {
      const { found, missing } = deployedAll(ctx, alarmIds);
      if (missing.length) return notDeployed(ctx, missing);
      const composites = ctx.stack.resources.filter((r) => r.type === 'AWS::CloudWatch::CompositeAlarm').map((r) => r.physicalId);
      const names = [...found.values()].map((r) => r.physicalId);
      const { metric, composite } = await describeAlarms(ctx, [...names, ...composites]);
      const judge = topicJudge(ctx);
      const problems: string[] = [];
      const gone: string[] = [];
      for (const [cid, r] of found) {
        const alarm = metric.find((a) => a.AlarmName === r.physicalId);
        ctx.record({
          call: 'cloudwatch:DescribeAlarms',
          request: { AlarmNames: [r.physicalId] },
          observed: { AlarmName: alarm?.AlarmName, AlarmActions: alarm?.AlarmActions, OKActions: alarm?.OKActions, ActionsEnabled: alarm?.ActionsEnabled },
        });
        if (!alarm) {
          gone.push(`${cid} (${r.physicalId}) no longer exists in CloudWatch: it was deleted outside CloudFormation`);
          continue;
        }
        const keys: Array<'AlarmActions' | 'OKActions'> = opts.okActions ? ['AlarmActions', 'OKActions'] : ['AlarmActions'];
        const own: string[] = [];
        for (const k of keys) {
          const p = await actionProblem(ctx, alarm, k, judge);
          if (p) own.push(p.replace(r.physicalId, cid));
        }
        if (own.length === 0) continue;
        if (opts.throughComposite && !opts.okActions) {
          let covered = false;
          for (const c of composite.filter((x) => (x.AlarmRule ?? '').includes(r.physicalId))) {
            ctx.record({ call: 'cloudwatch:DescribeAlarms', request: { AlarmNames: [c.AlarmName] }, observed: { AlarmName: c.AlarmName, AlarmRule: c.AlarmRule, AlarmActions: c.AlarmActions, ActionsEnabled: c.ActionsEnabled } });
            if (!(await actionProblem(ctx, c, 'AlarmActions', judge))) covered = true;
          }
          if (covered) continue;
        }
        problems.push(...own);
      }
      const wrong = problemsVerdict(gone, problems);
      if (wrong) return wrong;
      return pass(`the deployed ${alarmIds.join(', ')} notify a TLS-only SNS topic of the lab${opts.okActions ? ', on ALARM and on OK' : ''}`);
    },
  };
}

/** The value a dimension must have, from the deployed resource: an ALB's or target group's full name, or the physical id. */
export function expectedDimension(ctx: LiveContext, spec: DimensionSpec): { value?: string; construct: string } {
  if ('loadBalancer' in spec) {
    const arn = ctx.resource(spec.loadBalancer)?.physicalId;
    return { construct: spec.loadBalancer, value: arn ? /:loadbalancer\/(.+)$/.exec(arn)?.[1] : undefined };
  }
  if ('targetGroup' in spec) {
    const arn = ctx.resource(spec.targetGroup)?.physicalId;
    return { construct: spec.targetGroup, value: arn ? /:(targetgroup\/.+)$/.exec(arn)?.[1] : undefined };
  }
  return { construct: spec.ref, value: ctx.resource(spec.ref)?.physicalId };
}

type Watched = { Namespace?: string; MetricName?: string; Dimensions?: Array<{ Name?: string; Value?: string }> };

/** The deployed alarms watch the metrics of the deployed load balancer, target group and database. */
export function liveAlarmsWatch(id: string, specs: readonly MetricSpec[]): LiveCheck {
  return {
    id,
    apiCalls: ['cloudwatch:DescribeAlarms'],
    run: async (ctx) => {
      const { found, missing } = deployedAll(ctx, specs.map((s) => s.alarm));
      if (missing.length) return notDeployed(ctx, missing);
      const { metric } = await describeAlarms(ctx, [...found.values()].map((r) => r.physicalId));
      const problems: string[] = [];
      const gone: string[] = [];
      for (const spec of specs) {
        const r = found.get(spec.alarm)!;
        const alarm = metric.find((a) => a.AlarmName === r.physicalId);
        const watched: Watched[] = alarm
          ? (alarm.MetricName ? [alarm] : (alarm.Metrics ?? []).flatMap((m) => (m.MetricStat?.Metric ? [m.MetricStat.Metric as Watched] : [])))
          : [];
        const expected = Object.fromEntries(Object.entries(spec.dimensions).map(([k, d]) => [k, expectedDimension(ctx, d)]));
        ctx.record({
          call: 'cloudwatch:DescribeAlarms',
          request: { AlarmNames: [r.physicalId] },
          observed: { AlarmName: alarm?.AlarmName, metrics: watched.map((w) => ({ Namespace: w.Namespace, MetricName: w.MetricName, Dimensions: w.Dimensions })), expected: Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, v.value])) },
        });
        if (!alarm) {
          gone.push(`${spec.alarm} (${r.physicalId}) no longer exists in CloudWatch: it was deleted outside CloudFormation`);
          continue;
        }
        const unknown = Object.values(expected).filter((e) => !e.value).map((e) => e.construct);
        if (unknown.length) {
          problems.push(`${unknown.join(', ')} not deployed, so ${spec.alarm} cannot watch it`);
          continue;
        }
        const judged = watched.map((w) => {
          if (w.Namespace !== spec.namespace) return `watches namespace ${w.Namespace}, want ${spec.namespace}`;
          if (w.MetricName !== spec.metricName) return `watches ${w.MetricName}, want ${spec.metricName}`;
          const dims = w.Dimensions ?? [];
          const off = Object.entries(expected)
            .filter(([name, e]) => dims.find((d) => d.Name === name)?.Value !== e.value)
            .map(([name, e]) => `dimension ${name} is ${dims.find((d) => d.Name === name)?.Value ?? 'unset'}, but the deployed ${e.construct} is ${e.value}`);
          const extra = dims.filter((d) => !(String(d.Name) in expected)).map((d) => d.Name);
          if (extra.length) off.push(`extra dimension(s) ${extra.join(', ')}`);
          return off.length ? off.join(', ') : undefined;
        });
        if (judged.length === 0) problems.push(`${spec.alarm} watches no metric`);
        else if (!judged.some((j) => j === undefined)) problems.push(`${spec.alarm} ${judged[0]}`);
      }
      const wrong = problemsVerdict(gone, problems);
      if (wrong) return wrong;
      return pass(`the deployed alarms watch this stack's metrics: ${specs.map((s) => `${s.alarm} ${s.namespace} ${s.metricName}`).join(', ')}`);
    },
  };
}

/** The deployed alarm treats missing data as `want`. */
export function liveTreatMissingData(id: string, alarmId: string, want: string): LiveCheck {
  return {
    id,
    apiCalls: ['cloudwatch:DescribeAlarms'],
    run: async (ctx) => {
      const r = ctx.resource(alarmId);
      if (!r) return notDeployed(ctx, [alarmId]);
      const { metric } = await describeAlarms(ctx, [r.physicalId]);
      const alarm = metric.find((a) => a.AlarmName === r.physicalId);
      ctx.record({ call: 'cloudwatch:DescribeAlarms', request: { AlarmNames: [r.physicalId] }, observed: { AlarmName: alarm?.AlarmName, TreatMissingData: alarm?.TreatMissingData } });
      if (!alarm) return error(`${alarmId} (${r.physicalId}) no longer exists in CloudWatch: it was deleted outside CloudFormation; deploy the lab again`);
      const actual = alarm.TreatMissingData ?? 'missing';
      if (actual !== want) return fail(`the deployed ${alarmId} treats missing data as ${actual}, want ${want}`);
      return pass(`the deployed ${alarmId} treats missing data as ${want}`);
    },
  };
}

/**
 * A deployed composite alarm fires on ALARM of any of the named alarms and notifies a TLS-only lab
 * topic; `suggested` is the construct id the briefing proposes for it, named when there is none.
 */
export function liveCompositeOver(id: string, alarmIds: readonly string[], suggested?: string): LiveCheck {
  return {
    id,
    apiCalls: ['cloudwatch:DescribeAlarms', 'sns:GetTopicAttributes'],
    run: async (ctx) => {
      const { found, missing } = deployedAll(ctx, alarmIds);
      if (missing.length) return notDeployed(ctx, missing);
      const names = ctx.stack.resources.filter((r) => r.type === 'AWS::CloudWatch::CompositeAlarm').map((r) => r.physicalId);
      if (names.length === 0) return fail(`the deployed stack ${ctx.stack.stackName} has no composite alarm${suggested ? ` (${suggested})` : ''} over ${alarmIds.join(' and ')}`);
      const { composite } = await describeAlarms(ctx, names);
      const judge = topicJudge(ctx);
      const problems: string[] = [];
      for (const c of composite) {
        ctx.record({ call: 'cloudwatch:DescribeAlarms', request: { AlarmNames: [c.AlarmName] }, observed: { AlarmName: c.AlarmName, AlarmRule: c.AlarmRule, AlarmActions: c.AlarmActions, ActionsEnabled: c.ActionsEnabled } });
        const rule = c.AlarmRule ?? '';
        const absent = [...found].filter(([, r]) => !new RegExp(`ALARM\\(\\s*"?[^)]*\\b${escape(r.physicalId)}"?\\s*\\)`).test(rule)).map(([cid]) => cid);
        if (absent.length) problems.push(`${c.AlarmName}'s rule does not fire on ALARM of ${absent.join(', ')}`);
        else if (/\bAND\b|\bNOT\b/.test(rule)) problems.push(`${c.AlarmName}'s rule (${rule}) needs every alarm at once: the service is down when any of them fires`);
        else {
          const p = await actionProblem(ctx, c, 'AlarmActions', judge);
          if (!p) return pass(`${c.AlarmName} fires when any of ${alarmIds.join(', ')} is in ALARM and notifies a TLS-only topic`);
          problems.push(p);
        }
      }
      if (composite.length === 0) problems.push(`its composite alarms (${names.join(', ')}) no longer exist in CloudWatch`);
      return fail(`no deployed composite alarm over ${alarmIds.join(' and ')} that pages: ${problems.join('; ')}`);
    },
  };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The deployed topic denies publishing without TLS. */
export function liveTopicEnforcesTls(id: string, topicId: string): LiveCheck {
  return {
    id,
    apiCalls: ['sns:GetTopicAttributes'],
    run: async (ctx) => {
      const r = ctx.resource(topicId);
      if (!r) return notDeployed(ctx, [topicId]);
      const problem = await topicJudge(ctx)(r.physicalId);
      if (problem) return fail(`the deployed ${topicId}: ${problem}`);
      return pass(`the deployed ${topicId} denies sns:Publish without TLS`);
    },
  };
}

/** Every deployed log group of the lab has a retention. */
export function liveLogRetention(id: string): LiveCheck {
  return {
    id,
    apiCalls: ['logs:DescribeLogGroups'],
    run: async (ctx) => {
      const groups = ctx.stack.resources.filter((r) => r.type === 'AWS::Logs::LogGroup' && !r.logicalId.startsWith(GUARDRAILS));
      if (groups.length === 0) return fail(`the deployed stack ${ctx.stack.stackName} has no log group`);
      const logs = ctx.client(sdk.cloudwatchLogs().CloudWatchLogsClient);
      const problems: string[] = [];
      const gone: string[] = [];
      const kept: string[] = [];
      for (const g of groups) {
        const out = await logs.send(new (sdk.cloudwatchLogs().DescribeLogGroupsCommand)({ logGroupNamePrefix: g.physicalId }));
        const group = (out.logGroups ?? []).find((x) => x.logGroupName === g.physicalId);
        ctx.record({ call: 'logs:DescribeLogGroups', request: { logGroupNamePrefix: g.physicalId }, observed: { logGroupName: group?.logGroupName, retentionInDays: group?.retentionInDays } });
        if (!group) gone.push(`${g.physicalId} no longer exists: it was deleted outside CloudFormation`);
        else if (group.retentionInDays === undefined) problems.push(`${g.physicalId} keeps logs forever`);
        else kept.push(`${g.physicalId} ${group.retentionInDays} days`);
      }
      const wrong = problemsVerdict(gone, problems);
      if (wrong) return wrong;
      return pass(`every deployed log group has a retention (${kept.join(', ')})`);
    },
  };
}

/** The deployed VPC has an active flow log that delivers. */
export function liveFlowLogs(id: string, vpcId: string): LiveCheck {
  return {
    id,
    apiCalls: ['ec2:DescribeFlowLogs'],
    run: async (ctx) => {
      const vpc = ctx.resource(vpcId);
      if (!vpc) return notDeployed(ctx, [vpcId]);
      const ec2 = ctx.client(sdk.ec2().EC2Client);
      const request = { Filter: [{ Name: 'resource-id', Values: [vpc.physicalId] }] };
      const out = await ec2.send(new (sdk.ec2().DescribeFlowLogsCommand)(request));
      const logs = out.FlowLogs ?? [];
      ctx.record({
        call: 'ec2:DescribeFlowLogs',
        request,
        observed: { FlowLogs: logs.map((f) => ({ FlowLogId: f.FlowLogId, FlowLogStatus: f.FlowLogStatus, DeliverLogsStatus: f.DeliverLogsStatus, TrafficType: f.TrafficType, LogDestinationType: f.LogDestinationType, LogGroupName: f.LogGroupName })) },
      });
      if (logs.length === 0) return fail(`the deployed ${vpcId} (${vpc.physicalId}) has no flow log`);
      const good = logs.find((f) => f.FlowLogStatus === 'ACTIVE' && (f.DeliverLogsStatus ?? 'SUCCESS') === 'SUCCESS' && ['ALL', 'REJECT'].includes(String(f.TrafficType)));
      if (!good) {
        const f = logs[0];
        return fail(`the flow log ${f.FlowLogId} of ${vpcId} is ${f.FlowLogStatus}, delivery ${f.DeliverLogsStatus ?? 'unknown'}${f.DeliverLogsErrorMessage ? ` (${f.DeliverLogsErrorMessage})` : ''}, traffic ${f.TrafficType}`);
      }
      return pass(`${vpcId} (${vpc.physicalId}) has the active flow log ${good.FlowLogId} recording ${good.TrafficType} traffic`);
    },
  };
}
