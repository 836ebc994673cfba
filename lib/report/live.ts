
import type { LiveEvidence } from '../model/live-check';
import type { LiveGradeResult, WaitRecord } from '../model/live-result';

/** Shared wording of the live parts of a report (every format uses it). */

export { isLiveCheck, isLiveResult } from '../model/live-result';

const MAX = 200;

/** An ARN by its resource part (`function:name`, `role/name`, `bucket/*`): the json report keeps the full ARN. */
const brief = (s: string) => (/^arn:[^:]*:[^:]*:[^:]*:[^:]*:./.test(s) ? s.split(':').slice(5).join(':') : s);

function short(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return brief(value);
  if (Array.isArray(value)) return `[${value.map(short).join(', ')}]`;
  if (value && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}: ${short(v)}`).join(', ')}}`;
  return String(value);
}

const clip = (s: string, max = MAX) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** One line of evidence: `iam:ListAttachedRolePolicies RoleName=x → AttachedPolicies: [...]`. */
export function evidenceLine(e: LiveEvidence, max = MAX): string {
  const results = (e.observed as { EvaluationResults?: Array<{ EvalActionName?: string; EvalDecision?: string }> }).EvaluationResults;
  if (Array.isArray(results) && e.request) {
    // A simulation: who, on what, and each decision; the principal by name, not by full ARN.
    const who = brief(String(e.request.PolicySourceArn ?? ''));
    const on = ([] as unknown[]).concat(e.request.ResourceArns ?? '*').map(short).join(', ');
    return clip(`${e.call} ${who} on ${on} → ${results.map((r) => `${r.EvalActionName}: ${r.EvalDecision}`).join(', ')}`, max);
  }
  const request = e.request ? Object.entries(e.request).filter(([k]) => k !== 'PermissionsBoundaryPolicyInputList').map(([k, v]) => `${k}=${short(v)}`).join(' ') : '';
  const observed = Object.entries(e.observed).map(([k, v]) => `${k}: ${short(v)}`).join(', ');
  return clip(`${e.call}${request ? ` ${request}` : ''} → ${observed || '(nothing)'}`, max);
}

/** Waits worth a line in a brief report: more than one poll, or gave up. */
export const notableWait = (w: WaitRecord) => w.attempts > 1 || w.outcome !== 'ready';

export function waitLine(w: WaitRecord): string {
  const secs = (w.waitedMs / 1000).toFixed(1);
  return w.outcome === 'ready'
    ? `waited ${secs} s for ${w.what} (${w.attempts} ${w.attempts === 1 ? 'poll' : 'polls'})`
    : `gave up waiting for ${w.what} after ${secs} s (${w.attempts} polls)`;
}

/** `stack awswo-alice-x (UPDATE_COMPLETE) in eu-west-1 (from AWS_REGION); drift: IN_SYNC`. */
export function liveHeader(r: LiveGradeResult): string {
  const l = r.live;
  if (l.regionSource === 'not used') return `live: not checked (${r.drill} has no live checks)`;
  const endpoint = l.endpoint ? ` via ${l.endpoint}` : '';
  const drift = !l.drift.checked
    ? 'drift not checked'
    : l.drift.drifted.length
      ? `drift: ${l.drift.drifted.length} resource${l.drift.drifted.length === 1 ? '' : 's'} changed outside CloudFormation`
      : `drift: ${l.drift.stackStatus ?? 'none'}`;
  return `live: stack ${l.stackName} (${l.stackStatus}) in ${l.region} (from ${l.regionSource})${endpoint}; ${drift}`;
}
