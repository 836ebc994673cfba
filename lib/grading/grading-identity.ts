// Who and when a template was synthesized for: the grader synthesizes the baseline and the attempt
// for a grading identity (student name, expiry, the account CDK_DEFAULT_ACCOUNT shows), so templates
// compare only once that identity is taken out of both.
import { allRegions } from '../template/conditions';
import { GRADING_ACCOUNT, GRADING_EXPIRES_AT, GRADING_STUDENT } from './synth';

export interface GradingIdentity {
  readonly student: string;
  /** The lab's expiry (ISO 8601, UTC, to the second). */
  readonly expiresAt: string;
  /** The account CDK_DEFAULT_ACCOUNT showed while the template was synthesized. */
  readonly account?: string;
  /** The only CIDR the lab may open ingress to; none: no ingress from any CIDR. */
  readonly allowedCidr?: string;
}

/** The identities the baseline and the attempt were synthesized with (the same today; fresh per run later). */
export interface GradingIdentities {
  readonly baseline: GradingIdentity;
  readonly attempt: GradingIdentity;
}

/** The identity the current grader synthesizes baselines and attempts with (lib/grading/synth.ts). */
export function currentGradingIdentity(): GradingIdentity {
  return { student: GRADING_STUDENT, expiresAt: GRADING_EXPIRES_AT, account: GRADING_ACCOUNT };
}

export function sameIdentity(identity: GradingIdentity = currentGradingIdentity()): GradingIdentities {
  return { baseline: identity, attempt: identity };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
let regionPattern: RegExp | undefined;

/**
 * One template value with the identity taken out, for comparing a guardrail of the attempt with
 * the baseline's: intrinsics rendered as `${...}` text (so `Fn::Join`, `Fn::Sub` and literals that
 * spell the same ARN compare equal), the student name, expiry and account replaced by placeholders,
 * and literal regions by `${AWS::Region}` (the lab may pin its region, which guardrail ARNs spell out).
 * `pinnedAccount`: the literal account the lab pins its stack to, which guardrail ARNs spell out too.
 */
export function withoutIdentity(value: unknown, identity: GradingIdentity, pinnedAccount?: string): unknown {
  regionPattern ??= new RegExp(`(?<![a-z0-9])(${allRegions().map((r) => escape(r.name)).join('|')})(?![a-z0-9])`, 'g');
  const text = (s: string): string => {
    let out = s;
    for (const expiry of [identity.expiresAt, identity.expiresAt.replace(/Z$/, '')]) out = out.split(expiry).join('${awswo:expires-at}');
    for (const account of [identity.account, pinnedAccount]) if (account && /^\d{12}$/.test(account)) out = out.split(account).join('${AWS::AccountId}');
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
