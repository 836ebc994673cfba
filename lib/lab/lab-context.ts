import type { ModuleId } from '../course';
import { shown } from '../model/text';

/** Everything a lab needs to know about where and for whom it is deployed. */
export interface LabContext {
  /** The drill id, e.g. `iam-wildcard-role`. */
  readonly drillId: string;
  readonly module: ModuleId;
  /** The student the lab belongs to (validated by `validateStudentName`). */
  readonly student: string;
  /** The only CIDR a lab may open ingress to; no ingress at all when undefined. */
  readonly allowedCidr?: string;
  /** When the lab deletes itself (ISO 8601, UTC, to the second). */
  readonly expiresAt: string;
  /** Monthly budget for this lab in USD; an alert goes out at 80 % of it. */
  readonly budgetUsd: number;
  /** Where budget alerts go, besides the lab's SNS topic. */
  readonly budgetEmail?: string;
}

/** Defaults for a lab deployed without -c ttlHours / -c budgetUsd. */
export const LAB_DEFAULTS = { ttlHours: 8, budgetUsd: 10 } as const;

/** `now + ttlHours`, as the ISO 8601 UTC timestamp EventBridge Scheduler's at() expects (no milliseconds). */
export function expiryFrom(now: Date, ttlHours: number): string {
  if (!Number.isFinite(ttlHours) || ttlHours < 1 || ttlHours > 168) throw new Error(`ttlHours must be between 1 and 168 (got ${ttlHours})`);
  return new Date(now.getTime() + ttlHours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const STUDENT_NAME = /^[a-z][a-z0-9-]{0,22}[a-z0-9]$|^[a-z]$/;

/**
 * Student names end up in stack names, resource names and tags: lowercase letters, digits and
 * hyphens, starting with a letter, at most 24 characters, no trailing or double hyphen.
 * Returns an error message, or undefined when the name is valid.
 */
export function studentNameError(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'student name is empty';
  if (name.length > 24) return `student name "${shown(name)}" is longer than 24 characters`;
  if (!STUDENT_NAME.test(name) || name.includes('--')) {
    return `student name "${shown(name)}" is invalid: use lowercase letters, digits and single hyphens, starting with a letter`;
  }
  return undefined;
}

export function validateStudentName(name: unknown): string {
  const error = studentNameError(name);
  if (error) throw new Error(error);
  return name as string;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses an IPv4 CIDR; throws with a clear message if it is not one. */
export function parseCidr(cidr: string): { network: number; prefix: number } {
  const m = CIDR.exec(cidr);
  if (!m) throw new Error(`"${cidr}" is not an IPv4 CIDR such as 203.0.113.0/24`);
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) throw new Error(`"${cidr}" is not an IPv4 CIDR such as 203.0.113.0/24`);
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { network: (address & mask) >>> 0, prefix };
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrWithin(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  if (a.prefix < b.prefix) return false;
  const mask = b.prefix === 0 ? 0 : (0xffffffff << (32 - b.prefix)) >>> 0;
  return ((a.network & mask) >>> 0) === b.network;
}

/** The stack name of a student's lab: `awswo-<student>-<drill>`. */
export function labStackName(ctx: Pick<LabContext, 'student' | 'drillId'>): string {
  return `awswo-${ctx.student}-${ctx.drillId}`;
}
