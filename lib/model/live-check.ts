import type { DocumentText } from './evidence';
import type { Verdict } from './verdict';

/** What a live check may know of its drill. */
export interface DrillInfo {
  readonly id: string;
  readonly module: string;
  readonly title: string;
  /** The drill's folder: lab.ts, solution.ts, README.md, RUNBOOK.md, baseline.template.json. */
  readonly dir: string;
}

/** Which deployed lab a live grade looks at. */
export interface LiveTarget {
  readonly drill: DrillInfo;
  readonly student: string;
  readonly region: string;
  /** `awswo-<student>-<drill>`. */
  readonly stackName: string;
  /** The student's workspace. */
  readonly workspace: string;
  /** The documents the static grade read (bounded), by name: live checks never read the workspace. */
  readonly documents: Readonly<Record<string, DocumentText>>;
}

/** A deployed resource of the lab stack, from DescribeStackResources. */
export interface DeployedResource {
  readonly logicalId: string;
  readonly physicalId: string;
  readonly type: string;
}

/** The lab stack as CloudFormation reports it. */
export interface DeployedStack {
  readonly stackName: string;
  readonly stackId: string;
  readonly status: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly resources: readonly DeployedResource[];
}

/** One API call a live check made, and the fields it judged: the evidence in the report. */
export interface LiveEvidence {
  /** `cloudwatch:DescribeAlarms`. */
  readonly call: string;
  readonly request?: Record<string, unknown>;
  /** Only the fields the check looked at, e.g. `{ AlarmActions: [...], StateValue: 'OK' }`. */
  readonly observed: Record<string, unknown>;
}

export interface LiveContext {
  readonly target: LiveTarget;
  readonly stack: DeployedStack;
  /**
   * Finds the deployed resource of a lab construct (`OpsRole`, `ReportsBucket/Bucket`) through the
   * baseline template's construct paths; undefined when it is not deployed.
   */
  resource(constructId: string): DeployedResource | undefined;
  /** An SDK v3 client built from the standard chain (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL). */
  client<C>(ClientClass: new (config: Record<string, unknown>) => C): C;
  /** Records evidence for the report. */
  record(evidence: LiveEvidence): void;
  /**
   * Polls `probe` with exponential backoff until it returns a value or `timeoutMs` passes, for
   * eventual consistency; the report says what was waited for and for how long.
   */
  waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs?: number): Promise<T | undefined>;
}

/** A check of the deployed lab through the AWS SDK v3. */
export interface LiveCheck {
  readonly id: string;
  /** IAM actions this check calls: `awswo grader-policy` builds the grader's policy from them. */
  readonly apiCalls: readonly string[];
  /**
   * Returns a verdict; throws SDK errors unchanged, so the runner can report access denied,
   * throttling, expired credentials and the like as errors with one clear line.
   */
  readonly run: (ctx: LiveContext) => Promise<Verdict>;
  /**
   * Optional. Lab construct ids whose drift (a change made outside CloudFormation) would make this
   * check's verdict rest on a hand-made fix, e.g. the role an IAM check judges but not the bucket
   * it only takes an ARN from. Default: every construct the check looked up with `resource()`.
   */
  readonly driftSubjects?: readonly string[];
}
