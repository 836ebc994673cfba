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

/** The trail's L1 resource, for the settings the L2 does not expose. */
const CFN_TRAIL = "    const cfnTrail = (this.node.findChild('AuditTrail') as cloudtrail.Trail).node.defaultChild as cloudtrail.CfnTrail;\n";
const IMPORTS = "import { Construct } from 'constructs';";
const MORE_IMPORTS = `${IMPORTS}\nimport { Aspects, Aws, CfnCondition, Fn } from 'aws-cdk-lib';\nimport * as budgets from 'aws-cdk-lib/aws-budgets';\nimport * as scheduler from 'aws-cdk-lib/aws-scheduler';`;
/** The trail's validation, behind a condition on the region the stack runs in. */
const validationIf = (region: string) => `${TRAIL_END.replace('    new', '    const trail = new')}    const here = new CfnCondition(this, 'Here', { expression: Fn.conditionEquals(Aws.REGION, '${region}') });
    ((this.node.findChild('AuditTrail') as cloudtrail.Trail).node.defaultChild as cloudtrail.CfnTrail).enableLogFileValidation = Fn.conditionIf(here.logicalId, true, false);\n`;

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
  {
    name: 'validated the trail\'s log files only in us-east-1, while the stack is pinned to eu-west-1',
    labFile: variant(solution, 'validation-elsewhere', [[IMPORTS, MORE_IMPORTS], [TRAIL_END, validationIf('us-east-1')]]),
    failing: ['trail-audited'],
    because: /^AuditTrail: EnableLogFileValidation is false, want true/,
  },
  {
    name: 'management events off in the event selector (data events only)',
    labFile: variant(solution, 'trail-no-management', [[TRAIL_END, TRAIL_END + CFN_TRAIL + "    cfnTrail.eventSelectors = [{ includeManagementEvents: false, readWriteType: 'All', dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }] }];\n"]]),
    failing: ['trail-audited'],
    because: /AuditTrail records no management writes: IncludeManagementEvents is false/,
  },
  {
    name: 'management events recorded read-only',
    labFile: variant(solution, 'trail-read-only', [['      enableFileValidation: true,\n', '      enableFileValidation: true,\n      managementEvents: cloudtrail.ReadWriteType.READ_ONLY,\n']]),
    failing: ['trail-audited'],
    because: /AuditTrail records no management writes: ReadWriteType is ReadOnly/,
  },
  {
    name: 'advanced event selectors that select data events only',
    labFile: variant(solution, 'trail-advanced-data', [[TRAIL_END, TRAIL_END + CFN_TRAIL + "    cfnTrail.advancedEventSelectors = [{ name: 'objects', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Data'] }, { field: 'resources.type', equalTo: ['AWS::S3::Object'] }] }];\n"]]),
    failing: ['trail-audited'],
    because: /AuditTrail records no management writes of every service: each advanced event selector misses them \(objects: it selects no management events/,
  },
  {
    name: 'advanced event selectors with the management events of one service only',
    labFile: variant(solution, 'trail-advanced-one-service', [[TRAIL_END, TRAIL_END + CFN_TRAIL + "    cfnTrail.advancedEventSelectors = [{ name: 'kms', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }, { field: 'eventSource', equalTo: ['kms.amazonaws.com'] }] }];\n"]]),
    failing: ['trail-audited'],
    because: /kms: it selects the events of kms\.amazonaws\.com only/,
  },
  {
    name: 'advanced event selectors with read-only management events',
    labFile: variant(solution, 'trail-advanced-read-only', [[TRAIL_END, TRAIL_END + CFN_TRAIL + "    cfnTrail.advancedEventSelectors = [{ name: 'reads', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }, { field: 'readOnly', equalTo: ['true'] }] }];\n"]]),
    failing: ['trail-audited'],
    because: /reads: it selects read-only events only/,
  },
  {
    name: 'logging switched off (IsLogging false)',
    labFile: variant(solution, 'trail-not-logging', [[TRAIL_END, TRAIL_END + CFN_TRAIL + '    cfnTrail.isLogging = false;\n']]),
    failing: ['trail-audited'],
    because: /AuditTrail: IsLogging is false, want true/,
  },
  {
    name: 'the trail behind a condition that is true in no region',
    labFile: variant(solution, 'trail-never', [[IMPORTS, MORE_IMPORTS], [TRAIL_END, TRAIL_END + CFN_TRAIL + "    cfnTrail.cfnOptions.condition = new CfnCondition(this, 'Never', { expression: Fn.conditionEquals(Aws.REGION, 'nowhere-1') });\n"]]),
    failing: ['trail-audited'],
  },
  {
    name: 're-tagged every resource as another student (a tag of higher priority than the guardrails\')',
    labFile: variant(solution, 'retagged-student', [[STACK_TAGS, `${STACK_TAGS}    Tags.of(this).add('awswo:student', 'somebody-else', { priority: 300 });\n`]]),
    failing: ['environment-pinned', 'resources-tagged', 'trail-audited'],
    because: /out of scope: .*awswo:student is somebody-else/,
  },
  {
    name: 'an Aspect that postpones the expiry by years and raises the budget',
    labFile: variant(solution, 'aspect-postpones-expiry', [
      [IMPORTS, MORE_IMPORTS],
      [STACK_TAGS, `${STACK_TAGS}    Aspects.of(this).add({ visit: (node) => {
      if (node instanceof scheduler.CfnSchedule) node.addPropertyOverride('ScheduleExpression', 'at(2099-12-31T00:00:00)');
      if (node instanceof budgets.CfnBudget) node.addPropertyOverride('Budget.BudgetLimit.Amount', 100000);
    } });\n`],
    ]),
    failing: ['environment-pinned', 'resources-tagged', 'trail-audited'],
    because: /Budget \(AWS::Budgets::Budget\) was changed \(Budget\).*ExpirySchedule \(AWS::Scheduler::Schedule\) was changed \(ScheduleExpression\)/,
  },
], [
  {
    name: 'validation behind a condition on the region the stack is pinned to (it deploys only there)',
    labFile: variant(solution, 'validation-here', [[IMPORTS, MORE_IMPORTS], [TRAIL_END, validationIf('eu-west-1')]]),
  },
  {
    name: 'pinned a literal account id and us-west-2',
    labFile: variant(solution, 'literal-account', [
      [PINNED, "    super(scope, id, { ...props, env: { account: '444455556666', region: 'us-west-2' } });\n"],
    ]),
  },
  {
    name: 'advanced event selectors: every management event but KMS and RDS Data, and S3 data events',
    labFile: variant(solution, 'trail-advanced-ok', [[TRAIL_END, TRAIL_END + CFN_TRAIL + `    cfnTrail.advancedEventSelectors = [
      { name: 'management', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }, { field: 'eventSource', notEquals: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] }] },
      { name: 'objects', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Data'] }, { field: 'resources.type', equalTo: ['AWS::S3::Object'] }] },
    ];\n`]]),
  },
  {
    name: 'management writes only (basic selector)',
    labFile: variant(solution, 'trail-write-only', [['      enableFileValidation: true,\n', '      enableFileValidation: true,\n      managementEvents: cloudtrail.ReadWriteType.WRITE_ONLY,\n']]),
  },
]);
