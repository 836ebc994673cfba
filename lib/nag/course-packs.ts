import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { AwswoChecks } from './awswo-checks';

/** The packs every lab is held to: on every `cdk synth`, and re-run by the grader on the template. */
export function coursePacks(scope?: IConstruct): NagPack[] {
  return [new AwsSolutionsChecks(scope), new AwswoChecks(scope)];
}
