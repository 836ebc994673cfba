// The one list of cfn-lint findings the labs and reference solutions may show, each with why it is
// not fixed. Anything else cfn-lint reports on a synthesized lab or solution fails
// test/drills/cfn-lint.test.ts. Errors are never accepted.

export interface AcceptedFinding {
  /** cfn-lint rule id; warnings only (W...). */
  readonly rule: `W${number}`;
  /** Matches the finding's message; be as narrow as the cause. */
  readonly message: RegExp;
  readonly reason: string;
}

export const ACCEPTED_CFN_LINT_FINDINGS: readonly AcceptedFinding[] = [
  {
    rule: 'W3005',
    // '<Fn>Role...' dependency already enforced by a 'GetAtt' at 'Resources/<Fn>/Properties/Role'
    message: /^'[A-Za-z0-9]+' dependency already enforced by a 'GetAtt' at 'Resources\/[A-Za-z0-9]+\/Properties\/Role'$/,
    reason:
      "CDK's own constructs (lambda.Function, the custom-resource providers of bucket auto-delete, bucket notifications and the " +
      "default security group restriction) add DependsOn on the function's role and its default policy, so the policy exists " +
      'before the function runs; the DependsOn on the role repeats what GetAtt Role.Arn already implies. Harmless, and not ours to change.',
  },
];
