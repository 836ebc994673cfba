// Static checks shared by the module 05 drills: alarms, where they send, what they watch, logs.
import { error, fail, pass } from '../../model/verdict';
import { StaticCheck } from '../../model/drill';
import { asList, render, resources } from '../../template/read';
import { identify, TemplatePair } from '../../template/identity';
import { FoundResource, TemplateJson } from '../../model/template';
import { locateResource } from '..';
import type { DimensionSpec, MetricSpec } from './live';
import { iamMatch } from '../iam/pattern';
import { canAlarmUnsuppressed, canLeaveAlarm } from './alarm-states';
import { MathRefused, metricsDependedOn } from './metric-math';

export type { DimensionSpec, MetricSpec };

export const ALARM = 'AWS::CloudWatch::Alarm';
export const COMPOSITE = 'AWS::CloudWatch::CompositeAlarm';
export const TOPIC = 'AWS::SNS::Topic';

/** Every logical id a CloudFormation value refers to ({Ref}, {Fn::GetAtt}, and inside functions). */
export function refsIn(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, any>;
    if (typeof o.Ref === 'string') out.push(o.Ref);
    if (Array.isArray(o['Fn::GetAtt'])) out.push(String(o['Fn::GetAtt'][0]));
    Object.values(o).forEach(walk);
  };
  walk(value);
  return out.filter((r) => !r.startsWith('AWS::'));
}

const byLogicalId = (t: TemplateJson, id: string): FoundResource | undefined =>
  resources(t, { includeGuardrails: true }).find((r) => r.logicalId === id);

/** The construct id a resource is shown by in messages: `OpsTopic`, or its logical id. */
export const shownId = (r: FoundResource): string => r.path.replace(/\/Resource$/, '') || r.logicalId;

/**
 * What is wrong with an SNS topic's transport policy, or undefined when a topic policy of the lab
 * denies sns:Publish to everyone unless aws:SecureTransport is true.
 */
export function topicTlsProblem(t: TemplateJson, topicLogicalId: string): string | undefined {
  const policies = topicPolicies(t, topicLogicalId);
  if (policies.length === 0) return 'it has no topic policy, so nothing refuses publishing over plain HTTP';
  const denies = policies.some((p) => asList(p.resource.Properties?.PolicyDocument?.Statement).some((s: any) => {
    if (s.Effect !== 'Deny') return false;
    const principal = s.Principal === '*' || s.Principal?.AWS === '*' || asList(s.Principal?.AWS).includes('*');
    const publish = asList(s.Action).some((a) => ['sns:Publish', 'sns:*', '*'].includes(String(a)));
    const insecure = ['Bool', 'BoolIfExists'].some((op) => String(s.Condition?.[op]?.['aws:SecureTransport']).toLowerCase() === 'false');
    return principal && publish && insecure;
  }));
  return denies ? undefined : 'its topic policy does not deny sns:Publish when aws:SecureTransport is false';
}

/** The topic policies of the lab that apply to a topic (AWS::SNS::TopicPolicy and AWS::SNS::TopicInlinePolicy). */
function topicPolicies(t: TemplateJson, topicLogicalId: string): FoundResource[] {
  return resources(t, { includeGuardrails: true }).filter(
    (r) => (r.resource.Type === 'AWS::SNS::TopicPolicy' && asList(r.resource.Properties?.Topics).some((x) => refsIn(x).includes(topicLogicalId)))
      || (r.resource.Type === 'AWS::SNS::TopicInlinePolicy' && refsIn(r.resource.Properties?.TopicArn).includes(topicLogicalId)),
  );
}

const CLOUDWATCH = 'cloudwatch.amazonaws.com';

/** Whether a statement's principal covers CloudWatch publishing as a service. */
function coversCloudWatch(s: any): boolean {
  if (s.NotPrincipal !== undefined) {
    const spared = asList(s.NotPrincipal?.Service).map(render);
    return !spared.includes(CLOUDWATCH);
  }
  const p = s.Principal;
  if (p === '*') return true;
  if (asList(p?.AWS).map(render).includes('*')) return true;
  return asList(p?.Service).map(render).some((svc) => iamMatch(svc, CLOUDWATCH));
}

/** Whether a statement's actions cover sns:Publish. */
function coversPublish(s: any): boolean {
  if (s.NotAction !== undefined) return !asList(s.NotAction).some((a) => iamMatch(String(a).toLowerCase(), 'sns:publish'));
  return asList(s.Action).some((a) => iamMatch(String(a).toLowerCase(), 'sns:publish'));
}

/**
 * Conditions a CloudWatch alarm's publish never meets, so a Deny under them does not stop alarms:
 * plain HTTP (CloudWatch publishes over TLS), another source account, a source that is not an
 * alarm of this account.
 */
function sparesCloudWatch(condition: Record<string, any> | undefined): boolean {
  if (!condition || typeof condition !== 'object') return false;
  const ownAccount = (v: unknown) => asList(v).length > 0 && asList(v).every((x) => render(x) === '${AWS::AccountId}');
  const ownAlarms = (v: unknown) => asList(v).length > 0 && asList(v).every((x) => /^arn:\$\{AWS::Partition\}:cloudwatch:\$\{AWS::Region\}:\$\{AWS::AccountId\}:alarm:\*$/.test(render(x)));
  return Object.entries(condition).some(([op, tests]) => Object.entries((tests ?? {}) as Record<string, unknown>).some(([key, value]) => {
    const k = key.toLowerCase();
    if (['bool', 'boolifexists'].includes(op.toLowerCase()) && k === 'aws:securetransport') return String(render(value)).toLowerCase() === 'false';
    if (/^StringNotEquals(IfExists)?$/.test(op) && k === 'aws:sourceaccount') return ownAccount(value);
    if (/^ArnNotLike(IfExists)?$/.test(op) && k === 'aws:sourcearn') return ownAlarms(value);
    return false;
  }));
}

/**
 * What keeps CloudWatch alarms from publishing to a topic, or undefined: a topic policy that denies
 * sns:Publish to everyone (or to cloudwatch.amazonaws.com) under conditions an alarm's publish may
 * meet, a FIFO topic (alarms cannot publish to one), encryption with the AWS managed key aws/sns
 * (alarms cannot use it) or with a key whose policy does not let CloudWatch use it.
 */
export function topicDeliveryProblem(t: TemplateJson, topicLogicalId: string): string | undefined {
  const topic = (t.Resources ?? {})[topicLogicalId];
  const props = topic?.Properties ?? {};
  if (props.FifoTopic === true || props.FifoTopic === 'true') return 'it is a FIFO topic, which CloudWatch alarms cannot publish to';
  for (const p of topicPolicies(t, topicLogicalId)) {
    for (const s of asList(p.resource.Properties?.PolicyDocument?.Statement) as any[]) {
      if (s?.Effect !== 'Deny' || !coversCloudWatch(s) || !coversPublish(s) || sparesCloudWatch(s.Condition)) continue;
      const when = s.Condition ? ' under a condition an alarm\'s publish may meet' : '';
      return `its topic policy ${shownId(p)} denies sns:Publish to CloudWatch${when}, so no alarm notification gets through`;
    }
  }
  const key = props.KmsMasterKeyId;
  if (key !== undefined) {
    const text = render(key);
    if (/alias\/aws\/sns$/.test(text)) return 'it is encrypted with the AWS managed key aws/sns, which CloudWatch alarms cannot use: use a customer managed key that lets cloudwatch.amazonaws.com use it';
    const keyId = refsIn(key).find((id) => (t.Resources ?? {})[id]?.Type === 'AWS::KMS::Key');
    if (keyId) {
      const statements = asList((t.Resources ?? {})[keyId].Properties?.KeyPolicy?.Statement) as any[];
      const lets = (action: string) => statements.some((s) => s?.Effect === 'Allow' && asList(s.Principal?.Service).map(render).includes(CLOUDWATCH)
        && asList(s.Action).some((a) => iamMatch(String(a).toLowerCase(), action)));
      const denied = statements.some((s) => s?.Effect === 'Deny' && coversCloudWatch(s) && !s.Condition);
      if (denied || !lets('kms:decrypt') || !lets('kms:generatedatakey')) {
        return `it is encrypted with ${keyId}, whose key policy does not let cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey*, so alarms cannot publish to it`;
      }
    }
  }
  return undefined;
}

/** The alarm a composite's ActionsSuppressor names: a logical id of this template, or the outside name or ARN. */
function suppressorOf(t: TemplateJson, composite: FoundResource): string | undefined {
  const s = composite.resource.Properties?.ActionsSuppressor;
  if (s === undefined) return undefined;
  const target = refsIn(s)[0];
  if (target) return target;
  const name = render(s).replace(/^arn:.*:alarm:/, '');
  const named = resources(t, { includeGuardrails: true }).find((r) => [ALARM, COMPOSITE].includes(r.resource.Type) && r.resource.Properties?.AlarmName === name);
  return named?.logicalId ?? render(s);
}

/**
 * What silences a composite alarm's actions, or undefined: an action suppressor that is in ALARM
 * whenever the composite is (always in ALARM, or in ALARM on the same outage), so no page ever goes out.
 */
export function suppressionProblem(t: TemplateJson, composite: FoundResource): string | undefined {
  const suppressor = suppressorOf(t, composite);
  if (suppressor === undefined) return undefined;
  const name = shownId(composite);
  let unsuppressed: boolean;
  let leaves: boolean;
  try {
    unsuppressed = canAlarmUnsuppressed(t, composite.logicalId, suppressor);
    leaves = canLeaveAlarm(t, suppressor);
  } catch (err) {
    return `${name} has the action suppressor ${suppressor}, which the grader cannot evaluate (${(err as Error).message}): it may suppress every page`;
  }
  if (!leaves) return `${name}'s action suppressor ${suppressor} is always in ALARM, so ${name} never notifies anyone`;
  if (!unsuppressed) return `${name}'s action suppressor ${suppressor} is in ALARM whenever ${name} is, so ${name} never notifies anyone`;
  return undefined;
}

/** Lab (not guardrail) SNS topics an alarm's action list points at. */
function labTopicsIn(t: TemplateJson, actions: unknown): FoundResource[] {
  return refsIn(actions)
    .map((id) => byLogicalId(t, id))
    .filter((r): r is FoundResource => !!r && r.resource.Type === TOPIC && !r.path.startsWith('AwswoGuardrails/'));
}

/** What is wrong with where an alarm's `key` actions go: none, disabled, not a lab topic, or a topic without TLS. */
function actionProblem(t: TemplateJson, alarm: FoundResource, key: 'AlarmActions' | 'OKActions'): string | undefined {
  const props = alarm.resource.Properties ?? {};
  const name = shownId(alarm);
  const what = key === 'AlarmActions' ? 'alarm action' : 'OK action';
  if (asList(props[key]).length === 0) return `${name} has no ${what}`;
  if (props.ActionsEnabled === false || props.ActionsEnabled === 'false') return `${name} has its actions disabled`;
  if (alarm.resource.Type === COMPOSITE) {
    const suppressed = suppressionProblem(t, alarm);
    if (suppressed) return suppressed;
  }
  const topics = labTopicsIn(t, props[key]);
  if (topics.length === 0) return `${name}'s ${what} is not an SNS topic of the lab (${asList(props[key]).map(render).join(', ')})`;
  const tls = topics.find((x) => !topicTlsProblem(t, x.logicalId));
  if (!tls) return `${name} notifies ${shownId(topics[0])}, but ${topicTlsProblem(t, topics[0].logicalId)}`;
  const delivered = topics.find((x) => !topicTlsProblem(t, x.logicalId) && !topicDeliveryProblem(t, x.logicalId));
  if (!delivered) return `${name} notifies ${shownId(tls)}, but ${topicDeliveryProblem(t, tls.logicalId)}`;
  return undefined;
}

/** Composite alarms of the lab that reference an alarm (by ARN or name) in their rule. */
function compositesOver(t: TemplateJson, alarmLogicalId: string): FoundResource[] {
  return resources(t, { type: COMPOSITE }).filter((c) => refsIn(c.resource.Properties?.AlarmRule).includes(alarmLogicalId));
}

export interface NotifyOptions {
  /** Recovery must be announced too (OKActions). */
  readonly okActions?: boolean;
  /** An alarm may stay silent when a composite alarm over it notifies instead. */
  readonly throughComposite?: boolean;
}

/**
 * Each named alarm notifies a lab SNS topic that enforces TLS (or, with `throughComposite`, a
 * composite alarm over it does). Missing alarms fail: fix them, don't delete them.
 */
export function alarmsNotify(id: string, alarmIds: readonly string[], opts: NotifyOptions = {}): StaticCheck {
  return {
    id,
    run: (e) => {
      const { template } = e;
      const problems: string[] = [];
      for (const alarmId of alarmIds) {
        const alarm = locateResource(e, alarmId, ALARM);
        if (!alarm) {
          problems.push(`${alarmId} is missing from the template: fix it, don't delete it`);
          continue;
        }
        const keys: Array<'AlarmActions' | 'OKActions'> = opts.okActions ? ['AlarmActions', 'OKActions'] : ['AlarmActions'];
        const own = keys.map((k) => actionProblem(template, alarm, k)).filter((p): p is string => !!p);
        if (own.length === 0) continue;
        if (opts.throughComposite && !opts.okActions) {
          const covered = compositesOver(template, alarm.logicalId).find((c) => !actionProblem(template, c, 'AlarmActions'));
          if (covered) continue;
        }
        problems.push(...own);
      }
      if (problems.length) return fail(problems.join('; '));
      return pass(`${alarmIds.join(', ')} notify a TLS-only SNS topic of the lab${opts.okActions ? ', on ALARM and on OK' : ''}`);
    },
  };
}

export interface WatchedMetric {
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions: ReadonlyArray<{ Name?: string; Value?: unknown }>;
}

/**
 * The metrics an alarm watches: its own, or the MetricStat entries a metric-math alarm's returned
 * expression really depends on (metric-math.ts): a metric multiplied by 0, left in an IF branch
 * never taken, or not returned at all is not watched. Throws MathRefused for math outside the
 * subset the grader evaluates.
 */
export function watchedMetrics(alarm: FoundResource): WatchedMetric[] {
  return metricsDependedOn(alarm.resource.Properties ?? {})
    .map((m) => ({ namespace: m.namespace, metricName: m.metricName, dimensions: asList(m.dimensions as any[]) }));
}

/** Whether a dimension value names the deployed resource `spec` asks for. */
function dimensionProblem(e: TemplatePair, value: unknown, spec: DimensionSpec): string | undefined {
  const t = e.template;
  const shown = value === undefined ? 'unset' : render(value);
  if ('loadBalancer' in spec) {
    const alb = identify(e, spec.loadBalancer);
    if (!alb) return `${spec.loadBalancer} is missing from the template`;
    const v = value as any;
    if (Array.isArray(v?.['Fn::GetAtt']) && v['Fn::GetAtt'][0] === alb.logicalId && v['Fn::GetAtt'][1] === 'LoadBalancerFullName') return undefined;
    // CDK's target group metrics derive the load balancer's full name from a listener's ARN.
    const listeners = resources(t, { type: 'AWS::ElasticLoadBalancingV2::Listener' })
      .filter((l) => refsIn(l.resource.Properties?.LoadBalancerArn).includes(alb.logicalId))
      .map((l) => l.logicalId);
    const refs = refsIn(value);
    if (refs.length > 0 && refs.every((r) => listeners.includes(r)) && JSON.stringify(value).includes('Fn::Split')) return undefined;
    return `is ${shown}, not the full name of ${spec.loadBalancer} (${'${'}${alb.logicalId}.LoadBalancerFullName})`;
  }
  if ('targetGroup' in spec) {
    const tg = identify(e, spec.targetGroup);
    if (!tg) return `${spec.targetGroup} is missing from the template`;
    const v = value as any;
    if (Array.isArray(v?.['Fn::GetAtt']) && v['Fn::GetAtt'][0] === tg.logicalId && v['Fn::GetAtt'][1] === 'TargetGroupFullName') return undefined;
    return `is ${shown}, not the full name of ${spec.targetGroup} (${'${'}${tg.logicalId}.TargetGroupFullName})`;
  }
  const r = identify(e, spec.ref);
  if (!r) return `${spec.ref} is missing from the template`;
  if ((value as any)?.Ref === r.logicalId) return undefined;
  return `is ${shown}, not the identifier of ${spec.ref} (${'${'}${r.logicalId}})`;
}

/** What is wrong with one watched metric against the spec, or undefined. */
export function metricProblem(e: TemplatePair, m: WatchedMetric, spec: Omit<MetricSpec, 'alarm'>): string | undefined {
  if (m.namespace !== spec.namespace) return `watches namespace ${m.namespace ?? 'unset'}, want ${spec.namespace}`;
  if (m.metricName !== spec.metricName) return `watches ${m.metricName ?? 'no metric'}, want ${spec.metricName}`;
  const problems: string[] = [];
  const names = m.dimensions.map((d) => String(d.Name));
  for (const [name, dim] of Object.entries(spec.dimensions)) {
    const d = m.dimensions.find((x) => x.Name === name);
    const p = dimensionProblem(e, d?.Value, dim);
    if (p) problems.push(`dimension ${name} ${p}`);
  }
  const extra = names.filter((n) => !(n in spec.dimensions));
  if (extra.length) problems.push(`has extra dimension(s) ${extra.join(', ')}, so no datapoint matches`);
  return problems.length ? problems.join(', ') : undefined;
}

/**
 * Each alarm watches the metric it is meant to, in the right namespace, with dimensions bound to
 * the resources of this stack (never a literal copied from elsewhere).
 */
export function alarmsWatch(id: string, specs: readonly MetricSpec[]): StaticCheck {
  return {
    id,
    run: (e) => {
      const problems: string[] = [];
      for (const spec of specs) {
        const alarm = locateResource(e, spec.alarm, ALARM);
        if (!alarm) {
          problems.push(`${spec.alarm} is missing from the template: fix it, don't delete it`);
          continue;
        }
        let metrics: WatchedMetric[];
        try {
          metrics = watchedMetrics(alarm);
        } catch (err) {
          if (err instanceof MathRefused) return error(`${spec.alarm}: ${err.message}`);
          throw err;
        }
        if (metrics.length === 0) {
          problems.push(`${spec.alarm} watches no metric${alarm.resource.Properties?.Metrics ? ': its expression does not depend on any of its metrics' : ''}`);
          continue;
        }
        const found = metrics.map((m) => metricProblem(e, m, spec));
        if (found.some((p) => p === undefined)) continue;
        problems.push(`${spec.alarm} ${found[0]}`);
      }
      if (problems.length) return fail(problems.join('; '));
      return pass(`${specs.map((s) => `${s.alarm} watches ${s.namespace} ${s.metricName}`).join(', ')}, bound to this stack's resources`);
    },
  };
}

/** The lab construct's SNS topic has a policy denying publishing without TLS. */
export function topicEnforcesTls(id: string, topicId: string): StaticCheck {
  return {
    id,
    run: (e) => {
      const { template } = e;
      const topic = locateResource(e, topicId, TOPIC);
      if (!topic) return fail(`${topicId} (${TOPIC}) is missing from the template: fix it, don't delete it`);
      const problem = topicTlsProblem(template, topic.logicalId);
      if (problem) return fail(`${topicId}: ${problem}`);
      return pass(`${topicId} denies sns:Publish without TLS`);
    },
  };
}

/**
 * A composite alarm of the lab fires when any of `alarmIds` is in ALARM and notifies a TLS-only lab
 * topic. `suggested` is the construct id the briefing proposes, named in the failure message.
 */
export function compositeOver(id: string, alarmIds: readonly string[], suggested: string): StaticCheck {
  return {
    id,
    run: (e) => {
      const { template } = e;
      const children = alarmIds.map((a) => ({ id: a, r: locateResource(e, a, ALARM) }));
      const missing = children.filter((c) => !c.r).map((c) => c.id);
      if (missing.length) return fail(`${missing.join(', ')} missing from the template, so no composite alarm (${suggested}) can watch it: fix it, don't delete it`);
      const composites = resources(template, { type: COMPOSITE });
      if (composites.length === 0) return fail(`the lab has no ${COMPOSITE} (${suggested}) over ${alarmIds.join(' and ')}`);
      const problems: string[] = [];
      for (const c of composites) {
        const rule = c.resource.Properties?.AlarmRule;
        const text = render(rule);
        const refs = refsIn(rule);
        const absent = children.filter((x) => !refs.includes(x.r!.logicalId)).map((x) => x.id);
        if (absent.length) {
          problems.push(`${shownId(c)}'s rule does not watch ${absent.join(', ')}`);
          continue;
        }
        if (/\bAND\b/.test(text)) {
          problems.push(`${shownId(c)} combines its alarms with AND: the service is down when any of them fires`);
          continue;
        }
        if (!/\bALARM\s*\(/.test(text) || /\b(OK|INSUFFICIENT_DATA)\s*\(/.test(text) || /\bNOT\b/.test(text)) {
          problems.push(`${shownId(c)}'s rule (${text}) does not fire on ALARM(...) of its alarms`);
          continue;
        }
        const action = actionProblem(template, c, 'AlarmActions');
        if (action) {
          problems.push(action);
          continue;
        }
        return pass(`${shownId(c)} fires when any of ${alarmIds.join(', ')} is in ALARM, and notifies a TLS-only topic`);
      }
      return fail(`no composite alarm (${suggested}) over ${alarmIds.join(' and ')} that pages: ${problems.join('; ')}`);
    },
  };
}

/** Every log group of the lab has a retention; the named ones must exist. */
export function logGroupsRetained(id: string, required: readonly string[], maxDays = 3653): StaticCheck {
  return {
    id,
    run: (e) => {
      const { template } = e;
      const missing = required.filter((r) => !locateResource(e, r, 'AWS::Logs::LogGroup'));
      if (missing.length) return fail(`${missing.join(', ')} (AWS::Logs::LogGroup) missing from the template: fix it, don't delete it`);
      const groups = resources(template, { type: 'AWS::Logs::LogGroup' });
      const forever = groups.filter((g) => g.resource.Properties?.RetentionInDays === undefined).map(shownId);
      if (forever.length) return fail(`${forever.join(', ')} keep${forever.length === 1 ? 's' : ''} logs forever: set a retention`);
      const long = groups.filter((g) => Number(g.resource.Properties?.RetentionInDays) > maxDays).map(shownId);
      if (long.length) return fail(`${long.join(', ')} keep logs longer than ${maxDays} days`);
      return pass(`every log group has a retention (${groups.map((g) => `${shownId(g)} ${g.resource.Properties?.RetentionInDays} days`).join(', ')})`);
    },
  };
}

/** The VPC has a flow log to a log group of the lab that has a retention (or to a bucket). */
export function vpcFlowLogs(id: string, vpcId: string): StaticCheck {
  return {
    id,
    run: (e) => {
      const { template } = e;
      const vpc = locateResource(e, vpcId, 'AWS::EC2::VPC');
      if (!vpc) return fail(`${vpcId} (AWS::EC2::VPC) is missing from the template: fix it, don't delete it`);
      const logs = resources(template, { type: 'AWS::EC2::FlowLog' }).filter((f) => refsIn(f.resource.Properties?.ResourceId).includes(vpc.logicalId));
      if (logs.length === 0) return fail(`${vpcId} has no flow log: nothing records the connections it accepts or rejects`);
      const problems: string[] = [];
      for (const f of logs) {
        const p = f.resource.Properties ?? {};
        if (p.ResourceType !== 'VPC') problems.push(`${shownId(f)} has ResourceType ${p.ResourceType}`);
        else if (!['ALL', 'REJECT'].includes(String(p.TrafficType))) problems.push(`${shownId(f)} records ${p.TrafficType} traffic, want ALL or REJECT`);
        else if ((p.LogDestinationType ?? 'cloud-watch-logs') === 'cloud-watch-logs') {
          const group = refsIn(p.LogGroupName).map((x) => byLogicalId(template, x)).find((r) => r?.resource.Type === 'AWS::Logs::LogGroup');
          if (!group) problems.push(`${shownId(f)} writes to a log group that is not part of the lab`);
          else if (group.resource.Properties?.RetentionInDays === undefined) problems.push(`${shownId(f)} writes to ${shownId(group)}, which keeps logs forever`);
          else return pass(`${shownId(f)} records ${p.TrafficType} traffic of ${vpcId} to ${shownId(group)} (${group.resource.Properties.RetentionInDays} days)`);
        } else return pass(`${shownId(f)} records ${p.TrafficType} traffic of ${vpcId} to ${p.LogDestinationType}`);
      }
      return fail(`${vpcId}: ${problems.join('; ')}`);
    },
  };
}
