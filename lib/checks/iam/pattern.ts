// IAM wildcard patterns over normalized values (see arn.ts): `*` matches any sequence, `?` one
// character. A normalized value may hold tokens (`${Bucket}`, `${AWS::Region}`), each an opaque
// unit: `*` may absorb a token, `?` never does, and a token only equals the same token.

/** Token delimiters: characters no ARN, action or name contains. */
export const TOKEN_START = '\u0000';
export const TOKEN_END = '\u0001';

export const token = (name: string): string => `${TOKEN_START}${name}${TOKEN_END}`;

type Sym = string;

const symbolCache = new Map<string, Sym[]>();

/** Splits a value into symbols: single characters, and whole tokens (length > 1, starting with TOKEN_START). */
export function symbols(value: string): Sym[] {
  const cached = symbolCache.get(value);
  if (cached) return cached;
  const out: Sym[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === TOKEN_START) {
      const end = value.indexOf(TOKEN_END, i);
      out.push(value.slice(i, end + 1));
      i = end;
    } else out.push(value[i]);
  }
  if (symbolCache.size > 50_000) symbolCache.clear();
  symbolCache.set(value, out);
  return out;
}

const isToken = (s: Sym) => s.length > 1;
export const hasToken = (value: string): boolean => value.includes(TOKEN_START);
export const hasWildcard = (value: string): boolean => /[*?]/.test(value);

function fold(s: Sym, ci: boolean): Sym {
  return ci && !isToken(s) ? s.toLowerCase() : s;
}

/**
 * Does every value `inner` stands for also match `outer`? (L(inner) ⊆ L(outer).) Sound: when it
 * says yes, it is so. It may say no for a few exotic pattern pairs (`*?` against `?*`).
 */
export function covers(outer: string, inner: string, ci = false): boolean {
  if (outer === '*') return true;
  const o = symbols(outer);
  const n = symbols(inner);
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (n.length + 1) + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === o.length) r = j === n.length;
    else if (o[i] === '*') r = go(i + 1, j) || (j < n.length && go(i, j + 1));
    else if (j === n.length) r = false;
    else if (o[i] === '?') r = n[j] !== '*' && !isToken(n[j]) && go(i + 1, j + 1);
    else r = n[j] !== '*' && n[j] !== '?' && fold(o[i], ci) === fold(n[j], ci) && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/**
 * Can some value match both patterns? With `opaque` (the default) different tokens stand for
 * different things; with `tokensAsWildcards` a token may stand for any text (pseudo parameters,
 * unresolved values).
 */
export function overlaps(a: string, b: string, ci = false, tokensAsWildcards = false): boolean {
  if (a === '*' || b === '*') return true;
  const x = symbols(a);
  const y = symbols(b);
  const star = (s: Sym) => s === '*' || (tokensAsWildcards && isToken(s));
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (y.length + 1) + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === x.length && j === y.length) r = true;
    else if (i < x.length && star(x[i])) r = go(i + 1, j) || (j < y.length && go(i, j + 1));
    else if (j < y.length && star(y[j])) r = go(i, j + 1) || (i < x.length && go(i + 1, j));
    else if (i === x.length || j === y.length) r = false;
    else if (x[i] === '?' || y[j] === '?') r = !isToken(x[i]) && !isToken(y[j]) && go(i + 1, j + 1);
    else r = fold(x[i], ci) === fold(y[j], ci) && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/**
 * The values both patterns match, as one pattern: the narrower when one contains the other,
 * undefined when they share nothing, else (rare: `s3:Get*` and `s3:*Object`) `a`, an upper bound.
 */
export function meet(a: string, b: string, ci = false): string | undefined {
  if (covers(b, a, ci)) return a;
  if (covers(a, b, ci)) return b;
  if (!overlaps(a, b, ci)) return undefined;
  return a;
}

/** A concrete value `pattern` matches, with every `*` filled by `fill` and every `?` by `x`. */
export function witness(pattern: string, fill = 'awswoprobe'): string {
  return symbols(pattern).map((s) => (s === '*' ? fill : s === '?' ? 'x' : s)).join('');
}

/** Plain IAM wildcard matching of text (no tokens), e.g. `iamMatch('s3:Get*', 's3:GetObject')`. */
export function iamMatch(pattern: string, value: string, ci = true): boolean {
  return covers(pattern, value, ci);
}
