// Grading identities as data: the one the committed baselines were synthesized for, and the
// normalisation that lets templates synthesized for different identities compare (the scope diff,
// the IAM checks comparing a student's principals with the baseline's).
import type { SynthIdentity } from './evidence';
import type { TemplateJson } from './template';

/** The identity the committed baseline templates were synthesized with (`npm run baselines`). */
export const BASELINE_IDENTITY: SynthIdentity = { student: 'grader', account: '210987654321', region: 'us-west-2', expiresAt: '2030-01-01T00:00:00Z' };

/** Placeholders the identity is replaced with, so templates synthesized for different identities compare. */
export const IDENTITY_PLACEHOLDERS = { student: '<student>', account: '<account>', region: '<region>', expiresAt: '<expires-at>' } as const;

const normalised = new WeakMap<TemplateJson, Map<string, TemplateJson>>();

/**
 * The template with every appearance of the identity (student name, account, region, expiry in
 * the forms the guardrails write it) replaced by a placeholder. Two templates of the same lab synthesized
 * for different identities are equal once normalised, unless the lab behaves differently for them.
 * Made once per template object and identity (a grade's scope diff, identity comparison and IAM
 * checks all ask for it): the result is shared, and nobody may change it.
 */
export function normaliseTemplate(template: TemplateJson, identity: SynthIdentity): TemplateJson {
  let byIdentity = normalised.get(template);
  if (!byIdentity) normalised.set(template, (byIdentity = new Map()));
  const key = JSON.stringify([identity.student, identity.account, identity.region, identity.expiresAt]);
  let t = byIdentity.get(key);
  if (!t) byIdentity.set(key, (t = normaliseIdentity(template, identity)));
  return t;
}

/** Any JSON value (a template, acknowledgements) with the identity replaced as in `normaliseTemplate`. */
export function normaliseIdentity<T>(value: T, identity: SynthIdentity): T {
  const replacements: Array<[string, string]> = [
    [identity.expiresAt, IDENTITY_PLACEHOLDERS.expiresAt],
    [identity.expiresAt.replace(/Z$/, ''), IDENTITY_PLACEHOLDERS.expiresAt],
    [identity.account, IDENTITY_PLACEHOLDERS.account],
    [identity.region, IDENTITY_PLACEHOLDERS.region],
    [identity.student, IDENTITY_PLACEHOLDERS.student],
  ];
  const replace = (text: string): string => {
    // Most strings hold none of them (and what holds none comes out as it went in).
    if (!replacements.some(([from]) => text.includes(from))) return text;
    let out = text;
    for (const [from, to] of replacements) out = out.split(from).join(to);
    return out;
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return replace(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [replace(k), walk(v)]));
    }
    return value;
  };
  return walk(value) as T;
}
