// Which states an alarm can be in, from the template: metric alarms whose every datapoint breaches
// are always in ALARM once their metric reports; composite alarm rules are evaluated over every
// state their alarms can take. Used to find alarms that are silenced: an action suppressor that
// is in ALARM whenever the alarm it suppresses is.
import type { TemplateJson } from '../../model/template';

export type AlarmState = 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';
const STATES: readonly AlarmState[] = ['ALARM', 'OK', 'INSUFFICIENT_DATA'];

const ALARM_TYPE = 'AWS::CloudWatch::Alarm';
const COMPOSITE_TYPE = 'AWS::CloudWatch::CompositeAlarm';

/** An alarm rule, parsed: a boolean formula over the states of alarms. */
type Rule =
  | { readonly op: 'const'; readonly value: boolean }
  | { readonly op: 'state'; readonly state: AlarmState; readonly alarm: string }
  | { readonly op: 'not'; readonly rule: Rule }
  | { readonly op: 'and' | 'or'; readonly rules: readonly Rule[] };

/** The rule as text, with `@LogicalId` for the alarms of this template it names by ARN or name. */
function ruleText(template: TemplateJson, rule: unknown): string {
  const names = new Map<string, string>();
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    const name = r.Properties?.AlarmName;
    if ((r.Type === ALARM_TYPE || r.Type === COMPOSITE_TYPE) && typeof name === 'string') names.set(name, id);
  }
  const walk = (v: unknown): string => {
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return v.map(walk).join('');
    if (v && typeof v === 'object') {
      const o = v as Record<string, any>;
      if (Array.isArray(o['Fn::GetAtt'])) return `@${o['Fn::GetAtt'][0]}`;
      if (typeof o.Ref === 'string') return `@${o.Ref}`;
      if (Array.isArray(o['Fn::Join'])) return (o['Fn::Join'][1] as unknown[]).map(walk).join(String(o['Fn::Join'][0]));
      if (typeof o['Fn::Sub'] === 'string') return o['Fn::Sub'].replace(/\$\{([^}.!]+)(\.[^}]*)?\}/g, '@$1');
    }
    throw new Error(`cannot read the alarm rule ${JSON.stringify(v).slice(0, 80)}`);
  };
  const text = walk(rule);
  // An alarm named by its literal name or ARN: the alarm of this template with that AlarmName.
  return text.replace(/"([^"@]+)"/g, (m, inner: string) => {
    const name = inner.replace(/^arn:[^"]*:alarm:/, '');
    return names.has(name) ? `"@${names.get(name)}"` : m;
  });
}

function parseRule(text: string): Rule {
  const tokens = text.match(/\(|\)|"[^"]*"|[A-Za-z_]+/g) ?? [];
  let i = 0;
  const peek = () => tokens[i]?.toUpperCase();
  const expect = (t: string) => {
    if (tokens[i] !== t) throw new Error(`cannot parse the alarm rule ${text.slice(0, 120)}`);
    i++;
  };
  const or = (): Rule => {
    const rules = [and()];
    while (peek() === 'OR') { i++; rules.push(and()); }
    return rules.length === 1 ? rules[0] : { op: 'or', rules };
  };
  const and = (): Rule => {
    const rules = [not()];
    while (peek() === 'AND') { i++; rules.push(not()); }
    return rules.length === 1 ? rules[0] : { op: 'and', rules };
  };
  const not = (): Rule => {
    if (peek() === 'NOT') { i++; return { op: 'not', rule: not() }; }
    return atom();
  };
  const atom = (): Rule => {
    const t = peek();
    if (t === '(') { i++; const r = or(); expect(')'); return r; }
    if (t === 'TRUE' || t === 'FALSE') { i++; return { op: 'const', value: t === 'TRUE' }; }
    if (t === 'ALARM' || t === 'OK' || t === 'INSUFFICIENT_DATA') {
      i++;
      expect('(');
      const arg = tokens[i++] ?? '';
      expect(')');
      return { op: 'state', state: t, alarm: arg.replace(/^"|"$/g, '') };
    }
    throw new Error(`cannot parse the alarm rule ${text.slice(0, 120)}`);
  };
  const rule = or();
  if (i !== tokens.length) throw new Error(`cannot parse the alarm rule ${text.slice(0, 120)}`);
  return rule;
}

/**
 * True when every datapoint a metric alarm can see breaches its threshold, so it is in ALARM
 * whenever its metric reports: CloudWatch metrics are never negative, so `>= 0` (or `> -1`) on a
 * metric always holds.
 */
export function alwaysBreaching(props: Record<string, any>): boolean {
  if (props.ThresholdMetricId !== undefined) return false;
  const threshold = Number(props.Threshold);
  if (!Number.isFinite(threshold)) return false;
  // A metric math expression may be negative; only a plain metric (or a metric math alarm returning one) is known non-negative.
  const plain = props.MetricName !== undefined
    || (Array.isArray(props.Metrics) && props.Metrics.filter((m: any) => m?.ReturnData !== false).every((m: any) => m?.MetricStat));
  if (!plain) return false;
  const op = String(props.ComparisonOperator);
  return (op === 'GreaterThanOrEqualToThreshold' && threshold <= 0) || (op === 'GreaterThanThreshold' && threshold < 0);
}

interface Leaf {
  readonly key: string;
  readonly states: readonly AlarmState[];
}

/** An alarm's state as a formula over leaves (metric alarms, or alarms outside the template). */
class StateModel {
  readonly leaves = new Map<string, Leaf>();
  private readonly rules = new Map<string, Rule>();

  constructor(private readonly template: TemplateJson) {}

  /** The rule saying when `alarm` (a logical id, or `@LogicalId`, or an outside name) is in `state`. */
  inState(alarm: string, state: AlarmState, depth = 0): Rule {
    if (depth > 20) throw new Error('composite alarms nest too deep to evaluate');
    const id = alarm.replace(/^@/, '');
    const r = (this.template.Resources ?? {})[id];
    if (r?.Type === COMPOSITE_TYPE) {
      let rule = this.rules.get(id);
      if (!rule) {
        rule = parseRule(ruleText(this.template, r.Properties?.AlarmRule));
        this.rules.set(id, rule);
      }
      const alarmRule = this.expand(rule, depth + 1);
      // A composite is in ALARM when its rule holds and OK otherwise (it is INSUFFICIENT_DATA only briefly at creation).
      if (state === 'ALARM') return alarmRule;
      if (state === 'OK') return { op: 'not', rule: alarmRule };
      return { op: 'const', value: false };
    }
    const key = r ? id : `outside:${alarm}`;
    if (!this.leaves.has(key)) {
      const states: readonly AlarmState[] = r?.Type === ALARM_TYPE && alwaysBreaching(r.Properties ?? {}) ? ['ALARM'] : STATES;
      this.leaves.set(key, { key, states });
    }
    return { op: 'state', state, alarm: key };
  }

  private expand(rule: Rule, depth: number): Rule {
    switch (rule.op) {
      case 'const': return rule;
      case 'state': return this.inState(rule.alarm, rule.state, depth);
      case 'not': return { op: 'not', rule: this.expand(rule.rule, depth) };
      default: return { op: rule.op, rules: rule.rules.map((r) => this.expand(r, depth)) };
    }
  }
}

function holds(rule: Rule, states: ReadonlyMap<string, AlarmState>): boolean {
  switch (rule.op) {
    case 'const': return rule.value;
    case 'state': return states.get(rule.alarm) === rule.state;
    case 'not': return !holds(rule.rule, states);
    case 'and': return rule.rules.every((r) => holds(r, states));
    case 'or': return rule.rules.some((r) => holds(r, states));
  }
}

/** Every combination of leaf states; refuses more than a few thousand. */
function* assignments(leaves: readonly Leaf[]): Generator<Map<string, AlarmState>> {
  const total = leaves.reduce((n, l) => n * l.states.length, 1);
  if (total > 20_000) throw new Error(`${leaves.length} alarms are too many to evaluate together`);
  const pick = leaves.map(() => 0);
  while (true) {
    yield new Map(leaves.map((l, i) => [l.key, l.states[pick[i]]]));
    let i = leaves.length - 1;
    while (i >= 0 && ++pick[i] === leaves[i].states.length) pick[i--] = 0;
    if (i < 0) return;
  }
}

/**
 * Whether `alarm` can be in ALARM while `suppressor` is not: false means every page the alarm
 * would send is suppressed. `alarm` and `suppressor` are logical ids (or outside alarm names).
 */
export function canAlarmUnsuppressed(template: TemplateJson, alarm: string, suppressor: string): boolean {
  const model = new StateModel(template);
  const firing = model.inState(alarm, 'ALARM');
  const suppressing = model.inState(suppressor, 'ALARM');
  for (const states of assignments([...model.leaves.values()])) {
    if (holds(firing, states) && !holds(suppressing, states)) return true;
  }
  return false;
}

/** Whether an alarm can ever be anything but ALARM (false: always in ALARM once its metrics report). */
export function canLeaveAlarm(template: TemplateJson, alarm: string): boolean {
  const model = new StateModel(template);
  const firing = model.inState(alarm, 'ALARM');
  for (const states of assignments([...model.leaves.values()])) if (!holds(firing, states)) return true;
  return false;
}
