// Who a template was synthesized for: the grader synthesizes the baseline and the attempt for
// different identities (student name, account, region, expiry), and normalises both
// (lib/sandbox/identity.ts normaliseTemplate) before the scope diff. Guardrails are compared once
// that identity, and the way the lab pins its environment, are taken out of both.
import { allRegions } from '../template/conditions';
import { IDENTITY_PLACEHOLDERS } from '../sandbox/identity';

export interface GradingIdentity {
  readonly student: string;
  /** The lab's expiry (ISO 8601, UTC, to the second), or its placeholder. */
  readonly expiresAt: string;
  /** The account the lab saw in CDK_DEFAULT_ACCOUNT, or its placeholder. */
  readonly account?: string;
  /** The region the lab saw in CDK_DEFAULT_REGION, or its placeholder. */
  readonly region?: string;
  /** The only CIDR the lab may open ingress to; none: no ingress from any CIDR. */
  readonly allowedCidr?: string;
}

/** The identities the baseline and the attempt were synthesized with. */
export interface GradingIdentities {
  readonly baseline: GradingIdentity;
  readonly attempt: GradingIdentity;
}

/** What normaliseTemplate leaves of any identity: the placeholders. */
export const NORMALISED_IDENTITY: GradingIdentity = {
  student: IDENTITY_PLACEHOLDERS.student,
  expiresAt: IDENTITY_PLACEHOLDERS.expiresAt,
  account: IDENTITY_PLACEHOLDERS.account,
  region: IDENTITY_PLACEHOLDERS.region,
};

/** Both templates synthesized for `identity` (by default: both already normalised). */
export function sameIdentity(identity: GradingIdentity = NORMALISED_IDENTITY): GradingIdentities {
  return { baseline: identity, attempt: identity };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
let regionPattern: RegExp | undefined;

/**
 * One template value with the identity taken out, for comparing a guardrail of the attempt with
 * the baseline's: intrinsics rendered as `${...}` text (so `Fn::Join`, `Fn::Sub` and literals that
 * spell the same ARN compare equal), the student name and expiry replaced by placeholders, the
 * identity's account and region by `${AWS::AccountId}` / `${AWS::Region}`, and so are literal
 * regions and `pinnedAccount` (a lab may pin its environment, which guardrail ARNs spell out).
 */
export function withoutIdentity(value: unknown, identity: GradingIdentity, pinnedAccount?: string): unknown {
  regionPattern ??= new RegExp(`(?<![a-z0-9])(${allRegions().map((r) => escape(r.name)).join('|')})(?![a-z0-9])`, 'g');
  const text = (s: string): string => {
    let out = s;
    for (const expiry of [identity.expiresAt, identity.expiresAt.replace(/Z$/, '')]) out = out.split(expiry).join('${awswo:expires-at}');
    for (const account of [identity.account, pinnedAccount && /^\d{12}$/.test(pinnedAccount) ? pinnedAccount : undefined]) {
      if (account) out = out.split(account).join('${AWS::AccountId}');
    }
    if (identity.region) out = out.split(identity.region).join('${AWS::Region}');
    out = out.replace(new RegExp(`(?<![a-z0-9])${escape(identity.student)}(?![a-z0-9])`, 'g'), '${awswo:student}');
    return out.replace(regionPattern!, '${AWS::Region}');
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, any>;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      if (keys[0] === 'Ref' && typeof o.Ref === 'string') return `\${${o.Ref}}`;
      if (keys[0] === 'Fn::GetAtt') return `\${${Array.isArray(o['Fn::GetAtt']) ? o['Fn::GetAtt'].join('.') : o['Fn::GetAtt']}}`;
      if (keys[0] === 'Fn::Sub' && typeof o['Fn::Sub'] === 'string') return text(o['Fn::Sub']);
      if (keys[0] === 'Fn::Join' && Array.isArray(o['Fn::Join']) && Array.isArray(o['Fn::Join'][1])) {
        const parts = o['Fn::Join'][1].map(walk);
        if (parts.every((p: unknown) => typeof p === 'string')) return text(parts.join(String(o['Fn::Join'][0])));
        return { 'Fn::Join': [o['Fn::Join'][0], parts] };
      }
    }
    return Object.fromEntries(keys.map((k) => [k, walk(o[k])]));
  };
  return walk(value);
}
