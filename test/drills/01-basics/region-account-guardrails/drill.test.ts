import * as path from 'path';
import drill from '../../../../drills/01-basics/region-account-guardrails/drill';
import { proveDrill } from '../../drill-proof';
import { variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');

const PINNED = '    super(scope, id, { ...props, env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: REGION } });\n';
const STACK_TAGS = "    Tags.of(this).add('owner', this.lab.student);\n    Tags.of(this).add('environment', 'training');\n    Tags.of(this).add('cost-center', 'awswo-training');\n";
const TRAIL_START = '    const trailLogs = new LabBucket(this, \'TrailLogs\').bucket;\n';
const TRAIL_END = '      enableFileValidation: true,\n    });\n';

proveDrill(drill, [
  {
    name: 'moved the stack to another region the course does not allow',
    labFile: variant(solution, 'other-forbidden-region', [["const REGION = 'eu-west-1';", "const REGION = 'us-east-2';"]]),
    failing: ['environment-pinned'],
  },
  {
    name: 'took the region from the shell (CDK_DEFAULT_REGION) instead of pinning it',
    labFile: variant(solution, 'region-from-shell', [[PINNED, '    super(scope, id, { ...props, env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } });\n']]),
    failing: ['environment-pinned'],
  },
  {
    name: 'took the region from the environment, with an allowed region as the fallback',
    labFile: variant(solution, 'region-from-env-with-fallback', [[PINNED, "    super(scope, id, { ...props, env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-1' } });\n"]]),
    failing: ['environment-pinned'],
  },
  {
    name: 'took the region from AWS_REGION, with an allowed region as the fallback',
    labFile: variant(solution, 'region-from-aws-region', [[PINNED, "    super(scope, id, { ...props, env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.AWS_REGION || REGION } });\n"]]),
    failing: ['environment-pinned'],
  },
  {
    name: 'pinned the region but left the account to whatever profile deploys it',
    labFile: variant(solution, 'region-only', [[PINNED, '    super(scope, id, { ...props, env: { region: REGION } });\n']]),
    failing: ['environment-pinned'],
  },
  {
    name: 'pinned the account to the documentation example id',
    labFile: variant(solution, 'example-account', [[PINNED, "    super(scope, id, { ...props, env: { account: '123456789012', region: REGION } });\n"]]),
    failing: ['environment-pinned'],
  },
  {
    name: 'tagged only the trail',
    labFile: variant(solution, 'tagged-trail-only', [
      [STACK_TAGS, ''],
      ["    new cloudtrail.Trail(this, 'AuditTrail', {", "    const trail = new cloudtrail.Trail(this, 'AuditTrail', {"],
      [TRAIL_END, TRAIL_END + "    for (const [k, v] of [['owner', 'team-orders'], ['environment', 'training'], ['cost-center', 'cc-1234']]) Tags.of(trail).add(k, v);\n"],
    ]),
    failing: ['resources-tagged'],
  },
  {
    name: 'tagged everything, with an environment value outside the list',
    labFile: variant(solution, 'bad-environment-tag', [["Tags.of(this).add('environment', 'training');", "Tags.of(this).add('environment', 'lab');"]]),
    failing: ['resources-tagged'],
  },
  {
    name: 'deleted the trail and its bucket instead of fixing them',
    labFile: variant(lab, 'deleted-trail', [[TRAIL_START, '    /* trail removed\n' + TRAIL_START], ['      enableFileValidation: false,\n    });\n', '      enableFileValidation: false,\n    });\n    */\n']]),
    failing: ['trail-audited'],
  },
  {
    name: 'turned on validation but kept the trail single-region',
    labFile: variant(solution, 'single-region-trail', [['      isMultiRegionTrail: true,\n      includeGlobalServiceEvents: true,\n', '      isMultiRegionTrail: false,\n      includeGlobalServiceEvents: false,\n']]),
    failing: ['trail-audited'],
  },
], [
  {
    name: 'pinned a literal account id and us-west-2',
    labFile: variant(solution, 'literal-account', [
      [PINNED, "    super(scope, id, { ...props, env: { account: '444455556666', region: 'us-west-2' } });\n"],
    ]),
  },
]);
