// The artifacts a grade is made from, as data: nag findings, the scope diff, documents.

export interface NagFinding {
  /** e.g. `AwsSolutions-IAM5[Action::*]` or `Awswo-IAMNoWildcardActions`. */
  readonly rule: string;
  /** The logical id of the resource it was found on: what the grader identifies resources by. */
  readonly logicalId: string;
  /** Its construct path below the stack (from the template's metadata, for messages), e.g. `OpsRole/DefaultPolicy/Resource`. */
  readonly path: string;
  readonly severity: 'error' | 'warning';
  readonly description: string;
  /** The reason given where the lab acknowledged this finding; the grader still counts it. */
  readonly acknowledgedWith?: string;
}

export type ChangeKind = 'added' | 'removed' | 'replaced' | 'updated';
export interface ResourceChange {
  readonly logicalId: string;
  /** Construct path below the stack, e.g. `OpsRole/DefaultPolicy/Resource`. */
  readonly path: string;
  /** The top-level construct id in the lab, e.g. `OpsRole`: what a runbook names. */
  readonly constructId: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** Properties (and attributes such as DeletionPolicy) that changed. */
  readonly properties: readonly string[];
  /** For a replacement: the properties whose change replaces the resource. */
  readonly replacedBy?: readonly string[];
}
/** Something the scope report lists for the instructor (a violation is listed in `violations` too). */
export interface ScopeFinding {
  /** `moved`, `decoy`, `takes-over` (identity); `new-principal`; `cdk-custom-resource`; `actuator`; `custom-resource`. */
  readonly kind: string;
  readonly logicalId: string;
  /** The top-level construct id the finding is about (in the baseline where it has one). */
  readonly constructId: string;
  readonly message: string;
}
export interface ScopeReport {
  readonly changes: readonly ResourceChange[];
  /**
   * Each a sentence: a change the drill does not allow (a deletion, a stateful replacement, a
   * weakened guardrail, a custom resource or post-deploy actuator). Any violation fails every objective.
   */
  readonly violations: readonly string[];
  /** What the grader noticed and lists without failing on it: moved logical ids, decoys, new principals... */
  readonly findings?: readonly ScopeFinding[];
}

export interface RunbookSection {
  /** The heading as written (`1. Permissions`). */
  readonly title: string;
  /** The section's text as a reader sees it rendered: no HTML, comments, image alt text or placeholders. */
  readonly text: string;
  /** The same text, one entry per paragraph, list item or code block: what a Record entry is. */
  readonly entries: readonly string[];
  /** True when the section holds the student's own words, not just the template's guidance. */
  readonly filled: boolean;
}
export interface Runbook {
  /** How reports name the file (relative to the workspace). */
  readonly file: string;
  /** Where it is on disk, when it was read from one: documents beside it (INCIDENT.md) are found from here. */
  readonly path?: string;
  readonly sections: readonly RunbookSection[];
}

/** Who a lab was synthesized for: what the lab saw in its LabContext and in CDK_DEFAULT_ACCOUNT. */
export interface SynthIdentity {
  readonly student: string;
  readonly account: string;
  /** The region in CDK_DEFAULT_REGION / AWS_REGION, as a deploying profile would set it. */
  readonly region: string;
  /** ISO 8601 UTC, to the second. */
  readonly expiresAt: string;
}

/** A document of the student's, as the grader read it. */
export interface DocumentText {
  /** How reports name it (relative to the workspace), e.g. `drills/05-incident/live-incident/INCIDENT.md`. */
  readonly file: string;
  readonly text: string;
}
