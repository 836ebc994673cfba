// Event loops through any chain of S3, SNS, SQS, EventBridge and Lambda: a graph of who triggers
// whom, built from the template, and its cycles. Nodes are functions, topics, queues and rules; a
// bucket is not a node of its own, because whether a write into it triggers a notification depends
// on the object key: an edge through a bucket exists only where the keys the writer may put
// (its IAM grants) meet the keys the notification or rule matches (prefix, suffix, pattern).
// Where the template does not say enough (a filter policy, a condition on a grant), the edge is
// kept: a loop the grader cannot rule out is reported.
import { grantHasAction, iamModel } from '../checks/iam/model';
import { overlaps } from '../checks/iam/pattern';
import { asList, constructPath, refTarget, render } from '../template/read';
import type { TemplateJson } from '../model/template';

const FUNCTION = 'AWS::Lambda::Function';
const TOPIC = 'AWS::SNS::Topic';
const QUEUE = 'AWS::SQS::Queue';
const RULE = 'AWS::Events::Rule';
const BUCKET = 'AWS::S3::Bucket';

/** One way events leave a bucket: a notification (to a function, topic or queue) or an EventBridge rule. */
export interface BucketTrigger {
  readonly bucketId: string;
  /** The function, topic, queue or rule it sends to. */
  readonly targetId: string;
  readonly events: readonly string[];
  /** The object keys it fires for, as a pattern (`uploads/*`, `*.jpg`, `*`). */
  readonly keys: readonly string[];
  /** How it is wired, for messages: `notification`, `EventBridge rule`. */
  readonly via: string;
}

export interface LoopEdge {
  readonly from: string;
  readonly to: string;
  /** What carries the event, worded to sit between the two names. */
  readonly via: string;
}

/** A cycle of the graph: each event at its start eventually triggers its start again. */
export interface EventLoop {
  /** Logical ids, in order; the last edge returns to the first. */
  readonly nodes: readonly string[];
  readonly edges: readonly LoopEdge[];
  /** Functions on the loop (logical ids). */
  readonly functions: readonly string[];
}

const S3_FILTER_KEYS = (rules: unknown): string => {
  let prefix = '';
  let suffix = '';
  for (const r of asList(rules) as Array<{ Name?: string; Value?: unknown }>) {
    const name = String(r?.Name ?? '').toLowerCase();
    if (name === 'prefix') prefix = render(r.Value);
    if (name === 'suffix') suffix = render(r.Value);
  }
  return `${prefix}*${suffix}`;
};

/** The object keys an EventBridge pattern's `detail.object.key` matches, as patterns; ['*'] where it does not narrow them. */
function patternKeys(matchers: unknown): string[] {
  if (matchers === undefined) return ['*'];
  const out: string[] = [];
  for (const m of asList(matchers) as unknown[]) {
    if (typeof m === 'string') out.push(m);
    else if (m && typeof m === 'object' && typeof (m as any).prefix === 'string') out.push(`${(m as any).prefix}*`);
    else if (m && typeof m === 'object' && typeof (m as any).suffix === 'string') out.push(`*${(m as any).suffix}`);
    else if (m && typeof m === 'object' && typeof (m as any).wildcard === 'string') out.push((m as any).wildcard);
    else out.push('*'); // anything-but, numeric, exists: not narrowed here
  }
  return out;
}

/** Whether an EventBridge pattern field admits `value` (absent: any value). */
function patternAdmits(field: unknown, value: string, same: (candidate: unknown) => boolean = (c) => c === value): boolean {
  if (field === undefined) return true;
  return asList(field).some((m: any) => {
    if (typeof m === 'string') return m === value || same(m);
    if (typeof m?.prefix === 'string') return value.startsWith(m.prefix);
    if (m && typeof m === 'object' && 'exists' in m) return m.exists === true;
    // An intrinsic (a Ref to the bucket) names the value; other matchers (anything-but, wildcard) are not narrowed here.
    return same(m) || !(refTarget(m) || (m && typeof m === 'object' && Object.keys(m).some((k) => k.startsWith('Fn::'))));
  });
}

/** The loop graph of a template. */
export class EventGraph {
  readonly edges: LoopEdge[] = [];
  readonly triggers: BucketTrigger[] = [];
  private readonly res: Record<string, any>;
  private readonly model;

  constructor(readonly template: TemplateJson) {
    this.res = template.Resources ?? {};
    this.model = iamModel(template);
    this.collectTriggers();
    this.collectDeliveries();
    this.collectWrites();
  }

  private typeOf(id: string | undefined): string | undefined {
    return id ? this.res[id]?.Type : undefined;
  }

  /** The logical id a value (Ref, GetAtt, Join of an ARN) names, if it names a template resource of `types`. */
  private idOf(value: unknown, types: readonly string[]): string | undefined {
    const direct = refTarget(value);
    if (direct && types.includes(this.typeOf(direct)!)) return direct;
    const values = this.model.main.values;
    const text = values.text(value);
    for (const [id, r] of Object.entries(this.res)) {
      if (!types.includes(r.Type)) continue;
      if (values.arnOf(id) === text || values.text({ Ref: id }) === text || values.text({ 'Fn::GetAtt': [id, 'Arn'] }) === text) return id;
    }
    return undefined;
  }

  label(id: string): string {
    const r = this.res[id];
    return (r && constructPath(r).replace(/\/(Resource|Bucket\/Resource|Bucket)$/, '')) || id;
  }

  private collectTriggers(): void {
    const add = (bucketId: string | undefined, target: unknown, events: unknown, keys: string, via = 'notification') => {
      const targetId = this.idOf(target, [FUNCTION, TOPIC, QUEUE]);
      if (bucketId && targetId) this.triggers.push({ bucketId, targetId, events: asList(events).map(String), keys: [keys], via });
    };
    const eventBridge: string[] = [];
    for (const [id, r] of Object.entries(this.res)) {
      const p = r.Properties ?? {};
      if (r.Type === 'Custom::S3BucketNotifications') {
        const bucketId = this.idOf(p.BucketName, [BUCKET]);
        const c = p.NotificationConfiguration ?? {};
        for (const x of asList(c.LambdaFunctionConfigurations) as any[]) add(bucketId, x?.LambdaFunctionArn, x?.Events, S3_FILTER_KEYS(x?.Filter?.Key?.FilterRules));
        for (const x of asList(c.TopicConfigurations) as any[]) add(bucketId, x?.TopicArn, x?.Events, S3_FILTER_KEYS(x?.Filter?.Key?.FilterRules));
        for (const x of asList(c.QueueConfigurations) as any[]) add(bucketId, x?.QueueArn, x?.Events, S3_FILTER_KEYS(x?.Filter?.Key?.FilterRules));
        if (c.EventBridgeConfiguration !== undefined && bucketId) eventBridge.push(bucketId);
      } else if (r.Type === BUCKET) {
        const c = p.NotificationConfiguration ?? {};
        for (const x of asList(c.LambdaConfigurations) as any[]) add(id, x?.Function, [x?.Event], S3_FILTER_KEYS(x?.Filter?.S3Key?.Rules));
        for (const x of asList(c.TopicConfigurations) as any[]) add(id, x?.Topic, [x?.Event], S3_FILTER_KEYS(x?.Filter?.S3Key?.Rules));
        for (const x of asList(c.QueueConfigurations) as any[]) add(id, x?.Queue, [x?.Event], S3_FILTER_KEYS(x?.Filter?.S3Key?.Rules));
        if (c.EventBridgeConfiguration?.EventBridgeEnabled === true || c.EventBridgeConfiguration?.EventBridgeEnabled === 'true') eventBridge.push(id);
      }
    }
    // S3 sends the events of an EventBridge-enabled bucket to the account's default bus.
    for (const [ruleId, r] of Object.entries(this.res)) {
      if (r.Type !== RULE) continue;
      const p = r.Properties ?? {};
      const pattern = p.EventPattern;
      if (!pattern || p.State === 'DISABLED') continue;
      const bus = p.EventBusName === undefined ? 'default' : render(p.EventBusName);
      if (bus !== 'default' && !/:event-bus\/default$/.test(bus)) continue;
      if (!patternAdmits(pattern.source, 'aws.s3')) continue;
      const detailTypes = ['Object Created', 'Object Deleted', 'Object Restore Completed'].filter((t) => patternAdmits(pattern['detail-type'], t));
      if (!detailTypes.length) continue;
      for (const bucketId of eventBridge) {
        const bucketName = this.model.main.values.text({ Ref: bucketId });
        if (!patternAdmits(pattern.detail?.bucket?.name, bucketName, (c) => this.model.main.values.text(c) === bucketName)) continue;
        this.triggers.push({ bucketId, targetId: ruleId, events: detailTypes, keys: patternKeys(pattern.detail?.object?.key), via: 'EventBridge rule' });
      }
    }
  }

  /** Topic → subscriber, queue → function, rule → target, function → its destinations. */
  private collectDeliveries(): void {
    const edge = (from: string | undefined, to: string | undefined, via: string) => {
      if (from && to) this.edges.push({ from, to, via });
    };
    for (const [id, r] of Object.entries(this.res)) {
      const p = r.Properties ?? {};
      if (r.Type === 'AWS::SNS::Subscription' && ['lambda', 'sqs'].includes(String(p.Protocol))) {
        edge(this.idOf(p.TopicArn, [TOPIC]), this.idOf(p.Endpoint, [FUNCTION, QUEUE]), 'delivers (subscription) to');
      } else if (r.Type === TOPIC) {
        for (const s of asList(p.Subscription) as any[]) if (['lambda', 'sqs'].includes(String(s?.Protocol))) edge(id, this.idOf(s?.Endpoint, [FUNCTION, QUEUE]), 'delivers (subscription) to');
      } else if (r.Type === 'AWS::Lambda::EventSourceMapping' && p.Enabled !== false) {
        edge(this.idOf(p.EventSourceArn, [QUEUE]), this.idOf(p.FunctionName, [FUNCTION]), 'invokes (event source mapping)');
      } else if (r.Type === RULE && p.State !== 'DISABLED') {
        for (const t of asList(p.Targets) as any[]) edge(id, this.idOf(t?.Arn, [FUNCTION, TOPIC, QUEUE]), 'sends to');
      } else if (r.Type === 'AWS::Lambda::EventInvokeConfig') {
        const fn = this.idOf(p.FunctionName, [FUNCTION]);
        for (const d of [p.DestinationConfig?.OnSuccess, p.DestinationConfig?.OnFailure]) edge(fn, this.idOf(d?.Destination, [FUNCTION, TOPIC, QUEUE]), 'sends its result (destination) to');
      }
    }
  }

  /** What functions may write: objects (into buckets whose triggers match the keys), messages to topics and queues. */
  private collectWrites(): void {
    const values = this.model.main.values;
    for (const [fnId, r] of Object.entries(this.res)) {
      if (r.Type !== FUNCTION) continue;
      const grants = this.model.runsAs(fnId).flatMap((x) => this.model.grantsOf(x.principal, { assume: false }));
      const puts = grants.filter((g) => grantHasAction(g, 's3:PutObject'));
      for (const t of this.triggers) {
        // Only a new object fires again: a write never triggers a notification on deletes or restores.
        if (!t.events.some((e) => /^s3:ObjectCreated:|^Object Created$/.test(e))) continue;
        const bucketArn = values.arnOf(t.bucketId);
        if (!bucketArn) continue;
        const writable = puts.map((g) => g.resource).filter((res) => t.keys.some((k) => overlaps(res, `${bucketArn}/${k}`)));
        if (!writable.length) continue;
        const where = [...new Set(writable.map((w) => (w.startsWith(`${bucketArn}/`) ? `"${w.slice(bucketArn.length + 1)}"` : 'anywhere')))].join(', ');
        const fires = t.keys.map((k) => (k === '*' ? 'every new object' : `new objects "${k}"`)).join(' or ');
        this.edges.push({ from: fnId, to: t.targetId, via: `may s3:PutObject ${where} in ${this.label(t.bucketId)}, whose ${t.via} on ${fires} goes to` });
      }
      for (const [id, x] of Object.entries(this.res)) {
        const arn = x.Type === TOPIC ? values.text({ Ref: id }) : x.Type === QUEUE ? values.arnOf(id) : undefined;
        if (!arn) continue;
        const action = x.Type === TOPIC ? 'sns:Publish' : 'sqs:SendMessage';
        if (grants.some((g) => grantHasAction(g, action) && overlaps(g.resource, arn))) this.edges.push({ from: fnId, to: id, via: `may ${action} to` });
      }
    }
  }

  /** Every elementary cycle, each once (started at its smallest node). */
  loops(limit = 20): EventLoop[] {
    const out: EventLoop[] = [];
    const nodes = [...new Set(this.edges.flatMap((e) => [e.from, e.to]))].sort();
    const order = new Map(nodes.map((n, i) => [n, i]));
    for (const start of nodes) {
      const walk = (at: string, path: LoopEdge[], seen: Set<string>) => {
        if (out.length >= limit) return;
        for (const e of this.edges.filter((x) => x.from === at)) {
          if (e.to === start) {
            const edges = [...path, e];
            const ids = edges.map((x) => x.from);
            out.push({ nodes: ids, edges, functions: ids.filter((n) => this.typeOf(n) === FUNCTION) });
          } else if (!seen.has(e.to) && order.get(e.to)! > order.get(start)!) {
            seen.add(e.to);
            walk(e.to, [...path, e], seen);
            seen.delete(e.to);
          }
        }
      };
      walk(start, [], new Set([start]));
    }
    return out;
  }

  /** Buckets whose new objects reach `fnId` through any chain (notifications, topics, queues, rules). */
  bucketsReaching(fnId: string): string[] {
    const out = new Set<string>();
    for (const t of this.triggers.filter((x) => x.events.some((e) => /ObjectCreated|Object Created/.test(e)))) {
      const queue = [t.targetId];
      const seen = new Set(queue);
      while (queue.length) {
        const n = queue.shift()!;
        if (n === fnId) out.add(t.bucketId);
        for (const e of this.edges.filter((x) => x.from === n && this.typeOf(x.from) !== FUNCTION)) if (!seen.has(e.to)) { seen.add(e.to); queue.push(e.to); }
      }
    }
    return [...out];
  }

  /** A loop in one sentence. */
  describe(loop: EventLoop): string {
    const steps = loop.edges.map((e, i) => `${i === 0 ? this.label(e.from) : ''}${i === 0 ? ' ' : ''}${e.via} ${this.label(e.to)}`);
    return `${steps.join(', which ')}: each event it handles triggers it again`;
  }
}

/** Every event loop of a template, described. */
export function eventLoops(template: TemplateJson): Array<EventLoop & { readonly message: string }> {
  const g = new EventGraph(template);
  return g.loops().map((l) => ({ ...l, message: g.describe(l) }));
}
