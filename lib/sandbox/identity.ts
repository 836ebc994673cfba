import { randomInt } from 'crypto';
import type { SynthIdentity } from '../model/evidence';
import type { TemplateJson } from '../model/template';

export type { SynthIdentity };

/** The identity the committed baseline templates were synthesized with (`npm run baselines`). */
export const BASELINE_IDENTITY: SynthIdentity = { student: 'grader', account: '210987654321', region: 'us-west-2', expiresAt: '2030-01-01T00:00:00Z' };

/** Commercial regions a deploying profile may point at: what CDK_DEFAULT_REGION is set to while a lab synthesizes. */
const REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'ca-west-1', 'sa-east-1', 'mx-central-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-northeast-1',
  'ap-northeast-2', 'ap-northeast-3', 'ap-east-1', 'me-south-1', 'me-central-1', 'il-central-1', 'af-south-1',
];

// Plausible names, so a lab cannot tell the grader's identity from a real student's by its shape.
const NAMES = ['alex', 'sam', 'maria', 'noah', 'li', 'ana', 'omar', 'eva', 'jon', 'mia', 'ravi', 'zoe', 'ivan', 'lea', 'kim', 'tom'];

/**
 * A fresh identity for one grading run: a student name, an account and an expiry a lab cannot
 * predict, so a lab cannot recognise that it is being graded and behave differently then.
 */
export function freshIdentity(avoid: readonly SynthIdentity[] = [], notIn = ''): SynthIdentity {
  // A region the lab's own code names would be normalised away where the lab wrote it: not those.
  const regions = REGIONS.filter((r) => !notIn.includes(r) && !avoid.some((a) => a.region === r));
  for (;;) {
    const student = `${NAMES[randomInt(NAMES.length)]}-${randomInt(10, 99)}${String.fromCharCode(97 + randomInt(26))}`;
    const account = String(randomInt(100_000, 999_999)) + String(randomInt(100_000, 999_999));
    const hours = randomInt(1, 168);
    const expiresAt = new Date(Date.now() + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const region = regions.length ? regions[randomInt(regions.length)] : 'ap-southeast-5';
    const identity = { student, account, region, expiresAt };
    if (!avoid.some((a) => a.student === student || a.account === account || a.expiresAt === expiresAt) && !notIn.includes(student) && !notIn.includes(account)) return identity;
  }
}

/** Placeholders the identity is replaced with, so templates synthesized for different identities compare. */
export const IDENTITY_PLACEHOLDERS = { student: '<student>', account: '<account>', region: '<region>', expiresAt: '<expires-at>' } as const;

/**
 * The template with every appearance of the identity (student name, account, region, expiry in
 * the forms the guardrails write it) replaced by a placeholder. Two templates of the same lab synthesized
 * for different identities are equal once normalised, unless the lab behaves differently for them.
 */
export function normaliseTemplate(template: TemplateJson, identity: SynthIdentity): TemplateJson {
  const replacements: Array<[string, string]> = [
    [identity.expiresAt, IDENTITY_PLACEHOLDERS.expiresAt],
    [identity.expiresAt.replace(/Z$/, ''), IDENTITY_PLACEHOLDERS.expiresAt],
    [identity.account, IDENTITY_PLACEHOLDERS.account],
    [identity.region, IDENTITY_PLACEHOLDERS.region],
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
