import type { CheckResult, GradeResult, ObjectiveResult } from './result';
import type { LiveEvidence } from './live-check';

/** What `waitFor` waited for, for how long, and whether it got there. */
export interface WaitRecord {
  readonly what: string;
  readonly waitedMs: number;
  readonly attempts: number;
  readonly outcome: 'ready' | 'timed out';
}

/** A live check's verdict with the API calls it made and the fields it judged. */
export interface LiveCheckResult extends CheckResult {
  readonly kind: 'live';
  readonly evidence: readonly LiveEvidence[];
  readonly waits: readonly WaitRecord[];
}

export interface DriftedResource {
  readonly logicalId: string;
  /** The construct id in the lab (`OpsRole`), when the templates know it. */
  readonly constructId?: string;
  readonly type: string;
  /** MODIFIED or DELETED. */
  readonly status: string;
  /** Property paths that differ (`/ManagedPolicyArns`), for MODIFIED. */
  readonly properties: readonly string[];
}

export interface DriftReport {
  /** False with --skip-drift, or when the drill has no live checks. */
  readonly checked: boolean;
  /** DRIFTED, IN_SYNC, UNKNOWN, NOT_CHECKED. */
  readonly stackStatus?: string;
  /** DETECTION_COMPLETE or DETECTION_FAILED (some resources could not be checked). */
  readonly detectionStatus?: string;
  readonly detectionReason?: string;
  readonly drifted: readonly DriftedResource[];
}

export interface LiveObjectiveResult extends ObjectiveResult {
  readonly checks: ReadonlyArray<CheckResult | LiveCheckResult>;
  /** Resources this objective's live checks looked at that were changed outside CloudFormation. */
  readonly drift?: readonly string[];
}

/** How the deployed stack was read. */
export interface LiveRun {
  readonly student: string;
  readonly stackName: string;
  readonly stackId?: string;
  readonly stackStatus?: string;
  readonly region: string;
  readonly regionSource: string;
  /** AWS_ENDPOINT_URL, when set: the live checks ran against that endpoint. */
  readonly endpoint?: string;
  readonly drift: DriftReport;
  readonly waits: readonly WaitRecord[];
  /** Lines the report shows whatever the status (rolled-back deploys, drift outside any objective...). */
  readonly warnings: readonly string[];
}

export interface LiveGradeResult extends GradeResult {
  readonly objectives: readonly LiveObjectiveResult[];
  readonly live: LiveRun;
}

export function isLiveResult(r: GradeResult): r is LiveGradeResult {
  return typeof (r as Partial<LiveGradeResult>).live === 'object';
}

export function isLiveCheck(c: CheckResult): c is LiveCheckResult {
  return (c as Partial<LiveCheckResult>).kind === 'live';
}
