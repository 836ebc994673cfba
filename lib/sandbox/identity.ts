import { randomInt } from 'crypto';
import type { SynthIdentity } from '../model/evidence';
import type { TemplateJson } from '../model/template';

export type { SynthIdentity };

/** The identity the committed baseline templates were synthesized with (`npm run baselines`). */
export const BASELINE_IDENTITY: SynthIdentity = { student: 'grader', account: '210987654321', expiresAt: '2030-01-01T00:00:00Z' };

// Plausible names, so a lab cannot tell the grader's identity from a real student's by its shape.
const NAMES = ['alex', 'sam', 'maria', 'noah', 'li', 'ana', 'omar', 'eva', 'jon', 'mia', 'ravi', 'zoe', 'ivan', 'lea', 'kim', 'tom'];

/**
 * A fresh identity for one grading run: a student name, an account and an expiry a lab cannot
 * predict, so a lab cannot recognise that it is being graded and behave differently then.
 */
export function freshIdentity(avoid: readonly SynthIdentity[] = []): SynthIdentity {
  for (;;) {
    const student = `${NAMES[randomInt(NAMES.length)]}-${randomInt(10, 99)}${String.fromCharCode(97 + randomInt(26))}`;
    const account = String(randomInt(100_000, 999_999)) + String(randomInt(100_000, 999_999));
    const hours = randomInt(1, 168);
    const expiresAt = new Date(Date.now() + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const identity = { student, account, expiresAt };
    if (!avoid.some((a) => a.student === student || a.account === account || a.expiresAt === expiresAt)) return identity;
  }
}

/** Placeholders the identity is replaced with, so templates synthesized for different identities compare. */
export const IDENTITY_PLACEHOLDERS = { student: '<student>', account: '<account>', expiresAt: '<expires-at>' } as const;

/**
 * The template with every appearance of the identity (student name, account, expiry in the forms
 * the guardrails write it) replaced by a placeholder. Two templates of the same lab synthesized
 * for different identities are equal once normalised, unless the lab behaves differently for them.
 */
export function normaliseTemplate(template: TemplateJson, identity: SynthIdentity): TemplateJson {
  const replacements: Array<[string, string]> = [
    [identity.expiresAt, IDENTITY_PLACEHOLDERS.expiresAt],
    [identity.expiresAt.replace(/Z$/, ''), IDENTITY_PLACEHOLDERS.expiresAt],
    [identity.account, IDENTITY_PLACEHOLDERS.account],
    [identity.student, IDENTITY_PLACEHOLDERS.student],
  ];
  const replace = (text: string): string => {
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
  return walk(template) as TemplateJson;
}
