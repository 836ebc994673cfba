// IAM policy conditions, evaluated three-valued against a request context: true, false, or
// 'unknown' when the model cannot judge (a key whose value the context does not know, an operator
// it does not understand). 'unknown' is never silently read as true or false by the callers.
import { covers, hasToken, overlaps, TOKEN_START } from './pattern';

export type Tri = true | false | 'unknown';

/** One operator/key test of a Condition block: `StringLike` `aws:ResourceTag/team` [`web-*`]. */
export interface ConditionTest {
  /** As written: `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string;
  /** Lower-cased: condition keys are case-insensitive. */
  readonly key: string;
  /** Normalized values (arn.ts). */
  readonly values: readonly string[];
}
/** A whole Condition block: every test must hold. */
export type Condition = readonly ConditionTest[];

/**
 * What a request carries: a key's values, `null` when the request is known not to carry the key,
 * and no entry when the model does not know (then tests on it are 'unknown'). An entry
 * `aws:principaltag/*` → null says every such key the context does not list is absent (the
 * principal's tags are all known).
 */
export type RequestContext = ReadonlyMap<string, readonly string[] | null>;

export const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === 'unknown' || b === 'unknown' ? 'unknown' : true);
export const or = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === 'unknown' || b === 'unknown' ? 'unknown' : false);
export const not = (a: Tri): Tri => (a === 'unknown' ? 'unknown' : !a);

/**
 * Condition keys are case-insensitive; a service's own tag keys (`ec2:ResourceTag/k`) mirror the
 * global ones (`aws:ResourceTag/k`), so both are read as the global key.
 */
export function canonicalKey(key: string): string {
  return key.toLowerCase().replace(/^[a-z0-9-]+:(resourcetag|requesttag)\//, 'aws:$1/');
}

/** Parses a Condition property into tests, values normalized by `text`. */
export function parseCondition(block: unknown, text: (v: unknown) => string): Condition {
  if (!block || typeof block !== 'object') return [];
  const tests: ConditionTest[] = [];
  for (const [operator, keys] of Object.entries(block as Record<string, unknown>)) {
    if (!keys || typeof keys !== 'object') {
      tests.push({ operator, key: '', values: [text(keys)] });
      continue;
    }
    for (const [key, v] of Object.entries(keys as Record<string, unknown>)) {
      tests.push({ operator, key: canonicalKey(key), values: (Array.isArray(v) ? v : [v]).map(text) });
    }
  }
  return tests;
}

type Base =
  | 'StringEquals' | 'StringNotEquals' | 'StringEqualsIgnoreCase' | 'StringNotEqualsIgnoreCase' | 'StringLike' | 'StringNotLike'
  | 'NumericEquals' | 'NumericNotEquals' | 'NumericLessThan' | 'NumericLessThanEquals' | 'NumericGreaterThan' | 'NumericGreaterThanEquals'
  | 'DateEquals' | 'DateNotEquals' | 'DateLessThan' | 'DateLessThanEquals' | 'DateGreaterThan' | 'DateGreaterThanEquals'
  | 'Bool' | 'BinaryEquals' | 'IpAddress' | 'NotIpAddress' | 'ArnEquals' | 'ArnLike' | 'ArnNotEquals' | 'ArnNotLike' | 'Null';

const BASES = new Set<string>([
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
]);

/** Negated operators hold when the key is absent (IAM: "the condition returns true"). */
const NEGATED = new Set(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NumericNotEquals', 'DateNotEquals', 'NotIpAddress', 'ArnNotEquals', 'ArnNotLike']);
const POSITIVE_OF: Record<string, Base> = {
  StringNotEquals: 'StringEquals', StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase', StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals', DateNotEquals: 'DateEquals', NotIpAddress: 'IpAddress', ArnNotEquals: 'ArnEquals', ArnNotLike: 'ArnLike',
};

export interface ParsedOperator {
  readonly set?: 'ForAnyValue' | 'ForAllValues';
  readonly base: Base;
  readonly ifExists: boolean;
}

/** `ForAnyValue:StringLikeIfExists` → its parts; undefined for an operator IAM does not have. */
export function parseOperator(operator: string): ParsedOperator | undefined {
  let op = operator;
  let set: ParsedOperator['set'];
  const m = /^(ForAnyValue|ForAllValues):(.+)$/i.exec(op);
  if (m) {
    set = m[1].toLowerCase() === 'foranyvalue' ? 'ForAnyValue' : 'ForAllValues';
    op = m[2];
  }
  const ifExists = op.endsWith('IfExists') && op !== 'IfExists';
  if (ifExists) op = op.slice(0, -'IfExists'.length);
  if (!BASES.has(op) || (ifExists && op === 'Null')) return undefined;
  return { set, base: op as Base, ifExists };
}

/** Does one context value match one policy value under a positive operator? */
function matchOne(base: Base, actual: string, expected: string): Tri {
  switch (base) {
    case 'StringEquals':
      return textEquals(actual, expected, false);
    case 'StringEqualsIgnoreCase':
      return textEquals(actual, expected, true);
    case 'StringLike':
      return textLike(actual, expected);
    case 'ArnEquals':
    case 'ArnLike':
      return arnLike(actual, expected);
    case 'Bool':
      if (hasToken(actual) || hasToken(expected)) return actual === expected ? true : 'unknown';
      return actual.toLowerCase() === expected.toLowerCase();
    case 'BinaryEquals':
      return textEquals(actual, expected, false);
    case 'NumericEquals': case 'NumericLessThan': case 'NumericLessThanEquals': case 'NumericGreaterThan': case 'NumericGreaterThanEquals':
      return compareNumbers(base, Number(actual), Number(expected), hasToken(actual) || hasToken(expected));
    case 'DateEquals': case 'DateLessThan': case 'DateLessThanEquals': case 'DateGreaterThan': case 'DateGreaterThanEquals':
      return compareNumbers(base.replace('Date', 'Numeric') as Base, toEpoch(actual), toEpoch(expected), hasToken(actual) || hasToken(expected));
    case 'IpAddress':
      return ipInCidr(actual, expected);
    default:
      return 'unknown';
  }
}

/** Equal text; with tokens (an unpinned region, a generated name) possibly equal: 'unknown' unless the literal parts rule it out. */
function textEquals(a: string, b: string, ci: boolean): Tri {
  if (ci ? a.toLowerCase() === b.toLowerCase() : a === b) return true;
  if (!hasToken(a) && !hasToken(b)) return false;
  const escape = (s: string) => s.replace(/[*?]/g, '\u0002');
  return overlaps(escape(a), escape(b), ci, true) && !differentResources(a, b) ? 'unknown' : false;
}

/** Two values that differ only where they name different template resources are different values. */
function differentResources(a: string, b: string): boolean {
  return !overlaps(a.replace(/[*?]/g, '\u0002'), b.replace(/[*?]/g, '\u0002'), false, false) && !pseudoOrOpaque(a) && !pseudoOrOpaque(b);
}
const pseudoOrOpaque = (s: string) => new RegExp(`${TOKEN_START}(AWS::|\\?|Import:)`).test(s);

function textLike(actual: string, pattern: string): Tri {
  if (covers(pattern, actual.replace(/[*?]/g, '\u0002'))) return true;
  if (!hasToken(actual) && !hasToken(pattern)) return false;
  return overlaps(actual.replace(/[*?]/g, '\u0002'), pattern, false, pseudoOrOpaque(actual) || pseudoOrOpaque(pattern)) ? 'unknown' : false;
}

/** ArnLike: each of the six colon-separated parts matched on its own (the last keeps its colons). */
function arnLike(actual: string, pattern: string): Tri {
  const parts = (s: string) => {
    const p = splitArn(s);
    return p.length >= 6 ? [...p.slice(0, 5), p.slice(5).join(':')] : undefined;
  };
  const a = parts(actual);
  const p = parts(pattern);
  if (!a || !p) return pattern === '*' ? true : textLike(actual, pattern);
  let r: Tri = true;
  for (let i = 0; i < 6; i++) r = and(r, textLike(a[i], p[i]));
  return r;
}

/** Splits on ':' outside tokens. */
function splitArn(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of s) {
    if (ch === TOKEN_START) depth++;
    if (ch === '\u0001') depth--;
    if (ch === ':' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function compareNumbers(base: Base, a: number, b: number, tokens: boolean): Tri {
  if (tokens || Number.isNaN(a) || Number.isNaN(b)) return 'unknown';
  switch (base) {
    case 'NumericEquals': return a === b;
    case 'NumericLessThan': return a < b;
    case 'NumericLessThanEquals': return a <= b;
    case 'NumericGreaterThan': return a > b;
    case 'NumericGreaterThanEquals': return a >= b;
    default: return 'unknown';
  }
}

function toEpoch(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const t = Date.parse(s);
  return Number.isNaN(t) ? NaN : Math.floor(t / 1000);
}

function ipv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

function ipInCidr(ip: string, cidr: string): Tri {
  const [net, bitsText] = cidr.split('/');
  const a = ipv4(ip);
  const n = ipv4(net);
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (a === undefined || n === undefined || !(bits >= 0 && bits <= 32)) return ip === cidr ? true : 'unknown';
  if (bits === 0) return true;
  const mask = bits === 32 ? 0xffffffff : ~((1 << (32 - bits)) - 1) >>> 0;
  return ((a & mask) >>> 0) === ((n & mask) >>> 0);
}

/** Any of the policy values matches the one context value. */
function anyValue(base: Base, actual: string, expected: readonly string[]): Tri {
  let r: Tri = false;
  for (const e of expected) r = or(r, matchOne(base, actual, e));
  return r;
}

/** Does the context decide the key (listed, or its family `prefix/*` listed)? */
export function contextKnows(ctx: RequestContext, key: string): boolean {
  const slash = key.indexOf('/');
  return ctx.has(key) || (slash > 0 && ctx.has(`${key.slice(0, slash)}/*`));
}

/** Evaluates one test against the context. */
export function evaluateTest(test: ConditionTest, ctx: RequestContext): { result: Tri; reason?: string } {
  const op = parseOperator(test.operator);
  if (!op) return { result: 'unknown', reason: `the condition operator ${test.operator} is not one IAM has` };
  const slash = test.key.indexOf('/');
  const family = slash > 0 ? `${test.key.slice(0, slash)}/*` : undefined;
  const known = ctx.has(test.key) || (family !== undefined && ctx.has(family));
  const actual = ctx.has(test.key) ? ctx.get(test.key) : family !== undefined ? ctx.get(family) : undefined;
  if (!known) return { result: 'unknown', reason: `the request's ${test.key} is not known before deploy` };
  const absent = actual === null || actual === undefined || (op.set !== undefined && actual.length === 0);
  if (op.base === 'Null') {
    const wantAbsent = test.values.some((v) => v.toLowerCase() === 'true');
    return { result: absent === wantAbsent };
  }
  const negated = NEGATED.has(op.base);
  const positive = (POSITIVE_OF[op.base] ?? op.base) as Base;
  if (absent) {
    if (op.set === 'ForAllValues') return { result: true };
    if (op.set === 'ForAnyValue') return { result: false };
    return { result: op.ifExists || negated };
  }
  const values = actual!;
  if (op.set === 'ForAllValues') {
    // Every context value matches some policy value (negated: none does).
    let r: Tri = true;
    for (const v of values) r = and(r, negated ? not(anyValue(positive, v, test.values)) : anyValue(positive, v, test.values));
    return { result: r };
  }
  if (op.set === 'ForAnyValue') {
    let r: Tri = false;
    for (const v of values) r = or(r, negated ? not(anyValue(positive, v, test.values)) : anyValue(positive, v, test.values));
    return { result: r };
  }
  // A single-valued test: the (first) context value against any policy value.
  let r: Tri = false;
  for (const v of values) r = or(r, anyValue(positive, v, test.values));
  return { result: negated ? not(r) : r };
}

/** Evaluates a whole block: true when every test holds. */
export function evaluateCondition(condition: Condition, ctx: RequestContext): { result: Tri; reason?: string } {
  let result: Tri = true;
  let reason: string | undefined;
  for (const t of condition) {
    const r = evaluateTest(t, ctx);
    if (r.result === false) return { result: false };
    if (r.result === 'unknown') {
      result = 'unknown';
      reason ??= r.reason;
    }
  }
  return { result, reason };
}

const FRESH = 'awswo-probe';

/** Values worth trying for a key: absent, empty, the values the conditions name, something else. */
function candidates(key: string, conds: readonly Condition[]): Array<readonly string[] | null> {
  const out: Array<readonly string[] | null> = [null, [''], [FRESH]];
  const seen = new Set<string>(['', FRESH]);
  const add = (v: string) => {
    if (!seen.has(v)) {
      seen.add(v);
      out.push([v]);
    }
  };
  for (const c of conds) {
    for (const t of c) {
      if (t.key !== key) continue;
      for (const v of t.values) {
        add(v);
        if (/[*?]/.test(v)) {
          add(v.replace(/\*/g, '').replace(/\?/g, 'x'));
          add(v.replace(/\*/g, FRESH).replace(/\?/g, 'x'));
        }
        const n = Number(v);
        if (v !== '' && !Number.isNaN(n)) {
          add(String(n - 1));
          add(String(n + 1));
        }
        const d = Date.parse(v);
        if (!/^\d+$/.test(v) && !Number.isNaN(d)) {
          add(new Date(d - 86_400_000).toISOString());
          add(new Date(d + 86_400_000).toISOString());
        }
        if (v === 'true' || v === 'false') add(v === 'true' ? 'false' : 'true');
      }
    }
  }
  return out;
}

const MAX_PROBES = 4096;

/**
 * Does `narrow` hold only where `wide` holds (for every request in `base`, whatever the keys it
 * leaves open)? Tried on the values that decide the tests: absent, empty, each value the
 * conditions name, and a fresh one. false comes with a witness; 'unknown' when some probe cannot be
 * judged and none refutes it.
 */
export function implies(narrow: Condition, wide: Condition, base: RequestContext): { result: Tri; witness?: string; reason?: string } {
  if (wide.length === 0) return { result: true };
  const keys = [...new Set([...narrow, ...wide].map((t) => t.key))].filter((k) => !contextKnows(base, k));
  const options = keys.map((k) => candidates(k, [narrow, wide]));
  const total = options.reduce((n, o) => n * o.length, 1);
  if (total > MAX_PROBES) return { result: 'unknown', reason: `the conditions use too many keys to compare (${keys.join(', ')})` };
  let result: Tri = true;
  let reason: string | undefined;
  for (let i = 0; i < total; i++) {
    const ctx = new Map(base);
    let rest = i;
    keys.forEach((k, j) => {
      ctx.set(k, options[j][rest % options[j].length]);
      rest = Math.floor(rest / options[j].length);
    });
    const n = evaluateCondition(narrow, ctx);
    if (n.result === false) continue;
    const w = evaluateCondition(wide, ctx);
    if (w.result === false) {
      if (n.result === true) return { result: false, witness: describeProbe(keys, ctx) };
      result = 'unknown';
      reason ??= n.reason;
    } else if (w.result === 'unknown' || n.result === 'unknown') {
      result = result === false ? false : 'unknown';
      reason ??= w.reason ?? n.reason;
    }
  }
  return { result, reason };
}

function describeProbe(keys: readonly string[], ctx: RequestContext): string {
  return keys.map((k) => {
    const v = ctx.get(k);
    return v === null ? `no ${k}` : `${k}=${JSON.stringify(v?.length === 1 ? v[0] : v)}`;
  }).join(', ');
}
