// The guardrails' names as data, apart from the constructs that build them (guardrails.ts): the
// grader's checks read templates by these names without loading aws-cdk-lib.

/** Construct id of everything the guardrails add: checks and nag filters skip this subtree. */
export const GUARDRAILS_ID = 'AwswoGuardrails';

/** The tags the guardrails put on every taggable resource. */
export const TAG_KEYS = {
  drill: 'awswo:drill',
  module: 'awswo:module',
  student: 'awswo:student',
  expiresAt: 'awswo:expires-at',
} as const;
