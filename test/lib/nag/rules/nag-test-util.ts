import { Stack } from 'aws-cdk-lib';
import { AwswoChecks } from '../../../../lib/nag';

/** Finding ids of one Awswo rule on a stack, as cdk-nag's own rule tests check them. */
export function findings(stack: Stack, rule: string): string[] {
  const report = new AwswoChecks().validateScope(stack);
  return report.violations
    .filter((v) => v.ruleName === `Awswo-${rule}`)
    .flatMap((v) => v.violatingResources.map((r) => r.constructPath ?? ''));
}
