// A small, documented subset of CloudWatch metric math, evaluated symbolically: enough to know
// which metrics a metric-math alarm really watches, and which values it can take when those
// metrics do what a drill says they do. Anything outside the subset is refused (MathRefused),
// never guessed.
//
// The subset:
// - metric ids (`m1`, `errors`) naming entries of the alarm's Metrics, and numbers (`5`, `0.5`, `1e3`);
// - `+ - * /`, unary minus, parentheses;
// - comparisons `< <= > >= == !=` and `AND && OR || NOT !`, giving 0 or 1 per datapoint;
// - `IF(condition, a)` and `IF(condition, a, b)`;
// - `FILL(m, number)`: a missing datapoint becomes that number;
// - `SUM`, `AVG`, `MIN`, `MAX` over an array `[a, b, ...]`: a time series, point by point;
// - `PERIOD(m)`: the period of `m` in seconds.
// Refused: every other function (METRICS, SEARCH, RATE, DIFF, ANOMALY_DETECTION_BAND, ...), `^`,
// strings, SUM/AVG/MIN/MAX of one series (one number, not a time series), FILL with REPEAT or
// LINEAR, and arithmetic on a value that may have no datapoint (how CloudWatch combines a missing
// datapoint is not part of the subset: FILL it first).

/** An expression the grader does not evaluate: the check that asked is an ERROR, never a pass. */
export class MathRefused extends Error {}

/** One entry of an alarm's (or GetMetricData's) Metrics list; CloudFormation and the SDK spell it alike. */
export interface MetricQuery {
  readonly Id?: string;
  readonly Expression?: string;
  readonly ReturnData?: boolean | string;
  readonly Period?: number | string;
  readonly MetricStat?: {
    readonly Metric?: { readonly Namespace?: string; readonly MetricName?: string; readonly Dimensions?: ReadonlyArray<{ Name?: string; Value?: unknown }> };
    readonly Period?: number | string;
    readonly Stat?: string;
    readonly Unit?: string;
  };
}

/** A metric the expression reads, with the statistic and period it reads it at. */
export interface MetricLeaf {
  readonly id: string;
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions: ReadonlyArray<{ Name?: string; Value?: unknown }>;
  readonly stat?: string;
  readonly period?: number;
  readonly unit?: string;
}

export type Missing = 'never' | 'sometimes' | 'always';

/** What a time series does in one scenario (an outage, normal operation). */
export interface SeriesValue {
  /** The values a present datapoint can take, as an interval; undefined when no datapoint is ever present. */
  readonly range?: readonly [number, number];
  readonly missing: Missing;
}

/** An evaluated expression: its values, and what it depends on. */
export interface Evaluated extends SeriesValue {
  /** False for a constant: one number, no time series at all. */
  readonly series: boolean;
  /** Metric ids whose datapoints can change the result (after constant folding: `m * 0` depends on nothing). */
  readonly deps: ReadonlySet<string>;
  /** How many times metrics occur in the folded expression: above 1, interval arithmetic may be wider than the truth. */
  readonly occurrences: number;
  /** Set when a metric the result depends on is one the scenario says nothing about. */
  readonly unknown?: string;
}

type Node =
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'id'; readonly id: string }
  | { readonly k: 'neg' | 'not'; readonly a: Node }
  | { readonly k: 'bin'; readonly op: string; readonly a: Node; readonly b: Node }
  | { readonly k: 'call'; readonly fn: string; readonly args: readonly Node[] }
  | { readonly k: 'array'; readonly items: readonly Node[] };

const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|==|!=|&&|\|\||[-+*/()<>,![\]^]|"[^"]*"|'[^']*'))/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw new MathRefused(`cannot read the expression "${text}" at "${text.slice(at, at + 12)}"`);
    out.push(m[1] ?? m[2] ?? m[3]);
    at = TOKEN.lastIndex;
  }
  return out;
}

/** Parses an expression of the subset; throws MathRefused for anything else. */
export function parseExpression(text: string): Node {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const upper = () => tokens[i]?.toUpperCase();
  const take = (t: string) => {
    if (tokens[i] !== t) throw new MathRefused(`cannot read the expression "${text}": expected "${t}"${tokens[i] ? ` before "${tokens[i]}"` : ' at the end'}`);
    i++;
  };
  const or = (): Node => {
    let a = and();
    while (upper() === 'OR' || peek() === '||') { i++; a = { k: 'bin', op: 'OR', a, b: and() }; }
    return a;
  };
  const and = (): Node => {
    let a = cmp();
    while (upper() === 'AND' || peek() === '&&') { i++; a = { k: 'bin', op: 'AND', a, b: cmp() }; }
    return a;
  };
  const cmp = (): Node => {
    let a = sum();
    while (['<', '<=', '>', '>=', '==', '!='].includes(peek())) { const op = tokens[i++]; a = { k: 'bin', op, a, b: sum() }; }
    return a;
  };
  const sum = (): Node => {
    let a = prod();
    while (peek() === '+' || peek() === '-') { const op = tokens[i++]; a = { k: 'bin', op, a, b: prod() }; }
    return a;
  };
  const prod = (): Node => {
    let a = unary();
    while (peek() === '*' || peek() === '/') { const op = tokens[i++]; a = { k: 'bin', op, a, b: unary() }; }
    return a;
  };
  const unary = (): Node => {
    if (peek() === '-') { i++; return { k: 'neg', a: unary() }; }
    if (peek() === '+') { i++; return unary(); }
    if (peek() === '!' || upper() === 'NOT') { i++; return { k: 'not', a: unary() }; }
    const a = atom();
    if (peek() === '^') throw new MathRefused(`the expression "${text}" uses ^, which the grader does not evaluate`);
    return a;
  };
  const atom = (): Node => {
    const t = peek();
    if (t === undefined) throw new MathRefused(`cannot read the expression "${text}": it ends too early`);
    if (t === '(') { i++; const a = or(); take(')'); return a; }
    if (t === '[') {
      i++;
      const items = [or()];
      while (peek() === ',') { i++; items.push(or()); }
      take(']');
      return { k: 'array', items };
    }
    if (t.startsWith('"') || t.startsWith("'")) throw new MathRefused(`the expression "${text}" holds a string (SEARCH or a query), which the grader does not evaluate`);
    if (/^[\d.]/.test(t)) { i++; return { k: 'num', v: Number(t) }; }
    if (/^[A-Za-z_]/.test(t)) {
      i++;
      if (peek() === '(') {
        i++;
        const args: Node[] = [];
        if (peek() !== ')') {
          args.push(or());
          while (peek() === ',') { i++; args.push(or()); }
        }
        take(')');
        return { k: 'call', fn: t.toUpperCase(), args };
      }
      return { k: 'id', id: t };
    }
    throw new MathRefused(`cannot read the expression "${text}" at "${t}"`);
  };
  const node = or();
  if (i !== tokens.length) throw new MathRefused(`cannot read the expression "${text}" after "${tokens.slice(0, i).join(' ')}"`);
  return node;
}

const SUPPORTED = 'the grader evaluates ids, numbers, + - * /, comparisons, AND/OR/NOT, IF, FILL(m, number), SUM/AVG/MIN/MAX over [..] and PERIOD';

const asNumber = (v: unknown): number | undefined => {
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

const isTrue = (v: unknown) => v === undefined || v === true || v === 'true';

/** The query whose value the alarm judges: the one with ReturnData true (CloudFormation's default is true). */
export function returnedQuery(queries: readonly MetricQuery[]): MetricQuery {
  const returned = queries.filter((q) => isTrue(q.ReturnData));
  if (returned.length !== 1) throw new MathRefused(`an alarm's Metrics must return exactly one entry (ReturnData true), this one returns ${returned.length}`);
  return returned[0];
}

/** The metric a MetricStat entry reads. */
export function leafOf(q: MetricQuery): MetricLeaf {
  const m = q.MetricStat?.Metric ?? {};
  return {
    id: String(q.Id ?? ''),
    namespace: m.Namespace,
    metricName: m.MetricName,
    dimensions: m.Dimensions ?? [],
    stat: q.MetricStat?.Stat,
    period: asNumber(q.MetricStat?.Period ?? q.Period),
    unit: q.MetricStat?.Unit,
  };
}

const span = (a: SeriesValue, b: SeriesValue): [number, number] | undefined =>
  a.range && b.range ? [Math.min(a.range[0], b.range[0]), Math.max(a.range[1], b.range[1])] : (a.range ?? b.range) as [number, number] | undefined;

function productRange(a: readonly [number, number], b: readonly [number, number]): [number, number] {
  const mul = (x: number, y: number) => (x === 0 || y === 0 ? 0 : x * y);
  const p = [mul(a[0], b[0]), mul(a[0], b[1]), mul(a[1], b[0]), mul(a[1], b[1])];
  return [Math.min(...p), Math.max(...p)];
}

function compare(op: string, a: readonly [number, number], b: readonly [number, number]): [number, number] {
  const always = (yes: boolean, no: boolean): [number, number] => (yes ? [1, 1] : no ? [0, 0] : [0, 1]);
  switch (op) {
    case '<': return always(a[1] < b[0], a[0] >= b[1]);
    case '<=': return always(a[1] <= b[0], a[0] > b[1]);
    case '>': return always(a[0] > b[1], a[1] <= b[0]);
    case '>=': return always(a[0] >= b[1], a[1] < b[0]);
    case '==': return always(a[0] === a[1] && b[0] === b[1] && a[0] === b[0], a[1] < b[0] || b[1] < a[0]);
    default: return always(a[1] < b[0] || b[1] < a[0], a[0] === a[1] && b[0] === b[1] && a[0] === b[0]);
  }
}

const truth = (r: readonly [number, number]): [number, number] => (r[0] > 0 || r[1] < 0 ? [1, 1] : r[0] === 0 && r[1] === 0 ? [0, 0] : [0, 1]);

/**
 * Evaluates the alarm's returned expression over one scenario: `value(leaf)` says what a metric
 * does in it (undefined: the scenario says nothing about it). Throws MathRefused outside the subset.
 */
export function evaluateQueries(queries: readonly MetricQuery[], value: (leaf: MetricLeaf) => SeriesValue | undefined, opts: { readonly symbolic?: boolean } = {}): Evaluated {
  const byId = new Map<string, MetricQuery>();
  for (const q of queries) {
    const id = String(q.Id ?? '');
    if (!id) throw new MathRefused('an entry of the alarm\'s Metrics has no Id');
    if (byId.has(id)) throw new MathRefused(`the alarm's Metrics declare the id ${id} twice`);
    byId.set(id, q);
  }
  const evaluating = new Set<string>();
  const ofId = (id: string): Evaluated => {
    const q = byId.get(id);
    if (!q) throw new MathRefused(`the expression reads ${id}, which is not an id of the alarm's Metrics`);
    if (evaluating.has(id)) throw new MathRefused(`the expression ${id} refers to itself`);
    evaluating.add(id);
    try {
      if (q.MetricStat) {
        const leaf = leafOf(q);
        const v = value(leaf);
        const shown = `${leaf.namespace ?? '?'} ${leaf.metricName ?? '?'}`;
        return v
          ? { ...v, series: true, deps: new Set([id]), occurrences: 1 }
          : { range: [-Infinity, Infinity], missing: 'never', series: true, deps: new Set([id]), occurrences: 1, unknown: shown };
      }
      if (typeof q.Expression !== 'string') throw new MathRefused(`the entry ${id} of the alarm's Metrics has neither a MetricStat nor an Expression the grader can read`);
      return evalNode(parseExpression(q.Expression), q.Expression);
    } finally {
      evaluating.delete(id);
    }
  };
  const constant = (v: number): Evaluated => ({ range: [v, v], missing: 'never', series: false, deps: new Set(), occurrences: 0 });
  const joined = (xs: readonly Evaluated[], range: [number, number] | undefined, missing: Missing): Evaluated => ({
    range,
    missing,
    series: xs.some((x) => x.series),
    deps: new Set(xs.flatMap((x) => [...x.deps])),
    occurrences: xs.reduce((n, x) => n + x.occurrences, 0),
    unknown: xs.find((x) => x.unknown)?.unknown,
  });
  /**
   * Where one operand is a time series and the others constants, a missing datapoint stays missing.
   * How CloudWatch combines two series where one lacks a datapoint is outside the subset: refused.
   * Returns how often the result lacks a datapoint.
   */
  const present = (xs: ReadonlyArray<Evaluated | undefined>, what: string, text: string): Missing => {
    const series = xs.filter((x): x is Evaluated => !!x && x.series);
    if (series.length === 0) return 'never';
    if (series.length === 1) return series[0].missing;
    if (opts.symbolic || series.every((x) => x.missing === 'never')) return 'never';
    throw new MathRefused(`"${text}" computes ${what} on a value that may have no datapoint, which the grader does not evaluate: wrap the metric in FILL(m, value)`);
  };
  const both = (a: Missing, b: Missing): Missing => (a === 'always' || b === 'always' ? 'always' : a === 'never' && b === 'never' ? 'never' : 'sometimes');
  const evalNode = (n: Node, text: string): Evaluated => {
    switch (n.k) {
      case 'num': return constant(n.v);
      case 'id': return ofId(n.id);
      case 'neg': {
        const a = evalNode(n.a, text);
        if (!a.series) return constant(-a.range![0]);
        return { ...a, range: a.range ? [-a.range[1], -a.range[0]] : undefined };
      }
      case 'not': {
        const a = evalNode(n.a, text);
        if (!a.series) return constant(a.range![0] === 0 ? 1 : 0);
        const t = a.range ? truth(a.range) : undefined;
        return { ...a, range: t ? [1 - t[1], 1 - t[0]] : undefined };
      }
      case 'array': throw new MathRefused(`"${text}" uses an array [..] outside SUM, AVG, MIN or MAX`);
      case 'bin': {
        const a = evalNode(n.a, text);
        const b = evalNode(n.b, text);
        // Constant folding first: `m * 0` is 0 whatever m does.
        if (n.op === '*' && ((!a.series && a.range![0] === 0 && a.range![1] === 0) || (!b.series && b.range![0] === 0 && b.range![1] === 0))) return constant(0);
        if (!a.series && !b.series) return constant(foldBinary(n.op, a.range![0], b.range![0], text));
        const missing = present([a, b], n.op, text);
        if (!a.range || !b.range || missing === 'always') return joined([a, b], undefined, 'always');
        let range: [number, number];
        switch (n.op) {
          case '+': range = [a.range[0] + b.range[0], a.range[1] + b.range[1]]; break;
          case '-': range = [a.range[0] - b.range[1], a.range[1] - b.range[0]]; break;
          case '*': range = productRange(a.range, b.range); break;
          case '/': {
            if (b.range[0] > 0 || b.range[1] < 0) range = productRange(a.range, [1 / b.range[1], 1 / b.range[0]]);
            // Only the metrics matter (symbolic), or the result depends on a metric nobody described anyway.
            else if (opts.symbolic || a.unknown || b.unknown) range = [-Infinity, Infinity];
            else throw new MathRefused(`"${text}" divides by a value that may be 0, which the grader does not evaluate`);
            break;
          }
          case 'AND': {
            const [x, y] = [truth(a.range), truth(b.range)];
            range = x[1] === 0 || y[1] === 0 ? [0, 0] : x[0] === 1 && y[0] === 1 ? [1, 1] : [0, 1];
            break;
          }
          case 'OR': {
            const [x, y] = [truth(a.range), truth(b.range)];
            range = x[0] === 1 || y[0] === 1 ? [1, 1] : x[1] === 0 && y[1] === 0 ? [0, 0] : [0, 1];
            break;
          }
          default: range = compare(n.op, a.range, b.range);
        }
        // A constant result of a comparison or logic (`m >= 0`, `m AND 0`) no longer depends on m.
        if (range[0] === range[1] && ['<', '<=', '>', '>=', '==', '!=', 'AND', 'OR'].includes(n.op)) return { ...constant(range[0]), series: true, missing };
        return joined([a, b], range, missing);
      }
      case 'call': return call(n.fn, n.args, text);
    }
  };
  const call = (fn: string, args: readonly Node[], text: string): Evaluated => {
    switch (fn) {
      case 'IF': {
        if (args.length < 2 || args.length > 3) throw new MathRefused(`"${text}": IF takes a condition and one or two values`);
        const cond = evalNode(args[0], text);
        const yes = evalNode(args[1], text);
        const no = args[2] ? evalNode(args[2], text) : undefined;
        present([cond, yes, no], 'IF', text);
        const none: Evaluated = { missing: 'always', series: true, deps: new Set(), occurrences: 0 };
        if (!cond.range) return { ...joined([cond, yes, no ?? none], undefined, 'always'), series: true };
        const t = truth(cond.range);
        // A decided condition picks one branch, still a time series where the condition has datapoints.
        const picked = (x: Evaluated): Evaluated => (cond.series
          ? { ...x, series: true, missing: both(cond.missing, x.missing), range: both(cond.missing, x.missing) === 'always' ? undefined : x.range, deps: new Set([...x.deps, ...cond.deps]), occurrences: x.occurrences + cond.occurrences }
          : x);
        if (t[0] === 1) return picked(yes);
        if (t[1] === 0) return picked(no ?? none);
        const other = no ?? none;
        const branches: Missing = yes.missing === 'always' && other.missing === 'always' ? 'always' : yes.missing === 'never' && other.missing === 'never' ? 'never' : 'sometimes';
        const missing = both(cond.missing, branches);
        return { ...joined([cond, yes, other], missing === 'always' ? undefined : span(yes, other), missing), series: true };
      }
      case 'FILL': {
        if (args.length !== 2) throw new MathRefused(`"${text}": FILL takes a metric and a value`);
        const m = evalNode(args[0], text);
        const fillNode = args[1];
        const fill = fillNode.k === 'num' ? fillNode.v : fillNode.k === 'neg' && fillNode.a.k === 'num' ? -fillNode.a.v : undefined;
        if (fill === undefined) throw new MathRefused(`"${text}": FILL with ${fillNode.k === 'id' ? fillNode.id : 'that value'} (REPEAT, LINEAR or a series) is outside what the grader evaluates; FILL(m, number) is`);
        if (m.missing === 'never') return m;
        const filled: SeriesValue = { range: [fill, fill], missing: 'never' };
        return { ...m, range: m.missing === 'always' ? [fill, fill] : span(m, filled), missing: 'never' };
      }
      case 'SUM': case 'AVG': case 'MIN': case 'MAX': {
        if (args.length !== 1 || args[0].k !== 'array') {
          args.forEach((a) => evalNode(a, text));
          throw new MathRefused(`"${text}": ${fn} of one time series is one number over the whole range, not a time series; the grader evaluates ${fn}([a, b, ...]) only`);
        }
        const items = args[0].items.map((x) => evalNode(x, text));
        const missing = present(items, fn, text);
        if (items.some((x) => !x.range) || missing === 'always') return joined(items, undefined, 'always');
        const lo = items.map((x) => x.range![0]);
        const hi = items.map((x) => x.range![1]);
        const total = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
        const range: [number, number] = fn === 'SUM' ? [total(lo), total(hi)]
          : fn === 'AVG' ? [total(lo) / lo.length, total(hi) / hi.length]
            : fn === 'MIN' ? [Math.min(...lo), Math.min(...hi)] : [Math.max(...lo), Math.max(...hi)];
        return { ...joined(items, range, missing), series: items.some((x) => x.series) };
      }
      case 'PERIOD': {
        if (args.length !== 1 || args[0].k !== 'id') throw new MathRefused(`"${text}": PERIOD takes a metric id`);
        const q = byId.get(args[0].id);
        const period = q?.MetricStat ? leafOf(q).period : asNumber(q?.Period);
        if (period === undefined) throw new MathRefused(`"${text}": the grader cannot tell the period of ${args[0].id}`);
        return constant(period);
      }
      default:
        throw new MathRefused(`"${text}" uses ${fn}(), which is outside what ${SUPPORTED}`);
    }
  };
  const returned = returnedQuery(queries);
  return ofId(String(returned.Id ?? ''));
}

function foldBinary(op: string, a: number, b: number, text: string): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/':
      if (b === 0) throw new MathRefused(`"${text}" divides by 0`);
      return a / b;
    case '<': return Number(a < b);
    case '<=': return Number(a <= b);
    case '>': return Number(a > b);
    case '>=': return Number(a >= b);
    case '==': return Number(a === b);
    case '!=': return Number(a !== b);
    case 'AND': return Number(a !== 0 && b !== 0);
    default: return Number(a !== 0 || b !== 0);
  }
}

/**
 * The metrics an alarm's value depends on: its own metric, or, for a metric-math alarm, the
 * MetricStat entries the returned expression really reads (a metric multiplied by 0, or in the
 * branch of an IF that is never taken, is not watched). Throws MathRefused outside the subset.
 */
export function metricsDependedOn(props: Record<string, any>): MetricLeaf[] {
  if (props.MetricName !== undefined || props.Metrics === undefined) {
    return [{ id: '', namespace: props.Namespace, metricName: props.MetricName, dimensions: props.Dimensions ?? [], stat: props.ExtendedStatistic ?? props.Statistic, period: asNumber(props.Period), unit: props.Unit }];
  }
  const queries = (Array.isArray(props.Metrics) ? props.Metrics : []) as MetricQuery[];
  // CloudWatch's own metrics are never negative: `m >= 0` is always true, whatever m does.
  const result = evaluateQueries(queries, () => ({ range: [0, Infinity], missing: 'never' }), { symbolic: true });
  return queries.filter((q) => q.MetricStat && result.deps.has(String(q.Id))).map(leafOf);
}
