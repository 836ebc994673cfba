import { DrillCatalog } from '../lib/grading/catalog';

/**
 * Every drill, in syllabus order: one line per drill folder (drills/NN-topic/<drill-id>/).
 * Adding a drill: its folder and one line here (`npm run new-drill` writes both). A test checks
 * that every drill folder is listed.
 */
export const catalog = new DrillCatalog(__dirname, [
  '01-basics/region-account-guardrails',
  '01-basics/shared-responsibility',
  '02-iam/iam-wildcard-role',
  '02-iam/access-denied-parameter',
  '03-runbooks/planned-change',
  '03-runbooks/broken-automation',
  '04-deploy/asg-rollback-ready',
  '04-deploy/stateful-protection',
  '05-incident/silent-alarms',
  '05-incident/live-incident',
  '06-cost/cost-traps',
  '06-cost/runaway-spend',
]);
