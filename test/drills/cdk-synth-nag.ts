// What `cdk synth` of the library's own CDK app reports: the course packs on the construct tree,
// acknowledgements honoured. Test code only, on the library's own labs (trusted code): the grader
// never synthesizes in-process.
import { App } from 'aws-cdk-lib';
import type { Drill } from '../../lib/model/drill';
import { addLabStack } from '../../lib/lab/lab-app';
import { LAB_DEFAULTS } from '../../lib/lab/lab-context';
import { loadLabClass } from '../../lib/lab/load-lab';
import { coursePacks } from '../../lib/nag/course-packs';

/** Unacknowledged findings of the course packs, as `cdk synth` would print them. */
export function cdkSynthFindings(drill: Drill, labFile: string): string[] {
  const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = addLabStack(app, loadLabClass(labFile), {
    drillId: drill.id, module: drill.module, student: 'synth-check', expiresAt: '2030-01-01T00:00:00Z', budgetUsd: LAB_DEFAULTS.budgetUsd,
  });
  app.synth(); // aspects (the permissions boundary, tags) apply at synthesis
  return coursePacks().flatMap((p) => p.validateScope(stack).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} on ${r.constructPath}`)));
}
