import { randomInt } from 'crypto';
import type { SynthIdentity } from '../model/evidence';

export type { SynthIdentity };
// The baseline identity and the normalisation are data the checks use too: they live in the model.
export { BASELINE_IDENTITY, IDENTITY_PLACEHOLDERS, normaliseIdentity, normaliseTemplate } from '../model/identity';

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
