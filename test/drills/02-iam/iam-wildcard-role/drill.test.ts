import * as fs from 'fs';
import * as path from 'path';
import drill from '../../../../drills/02-iam/iam-wildcard-role/drill';
import { proveDrill } from '../../drill-proof';
import { documentVariant, Edit, variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');

const OPS_ROLE_START = '    const opsRole = new iam.Role(this, \'OpsRole\', {';
const LONG_LIST = "['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:DeleteBucket', 'ec2:RunInstances', 'iam:PassRole', 'lambda:InvokeFunction', 'lambda:UpdateFunctionCode', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DeleteLogGroup', 'logs:FilterLogEvents', 'kms:Decrypt']";

const SOLUTION_IMPORTS = "import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';";
const MORE_IMPORTS = "import { Aws, CfnCondition, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';\nimport * as kms from 'aws-cdk-lib/aws-kms';\nimport * as sns from 'aws-cdk-lib/aws-sns';";
const FUNCTION_S3 = "    functionRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [objects] }));\n";
const FUNCTION_LOGS = "    functionRole.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));\n";
const OPS_INVOKE = "    opsRole.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }));\n";
const OPS_LOGS = "    opsRole.addToPolicy(new iam.PolicyStatement({ actions: ['logs:FilterLogEvents'], resources: [logGroup.logGroupArn] }));\n";
const AFTER_AUDITOR = '    auditors.addUser(auditor);\n';

/** The reference solution, with more imports available and the edits applied. */
const fromSolution = (name: string, edits: readonly Edit[]): string => variant(solution, name, [[SOLUTION_IMPORTS, MORE_IMPORTS], ...edits]);
/** The reference solution plus code after the auditor is added to its group. */
const plus = (name: string, code: string): string => fromSolution(name, [[AFTER_AUDITOR, AFTER_AUDITOR + code]]);

/** More of aws-cdk-lib for the tricks below: aspects, custom resources. */
const TRICK_IMPORTS: Edit = ["import { Construct } from 'constructs';", "import { Construct } from 'constructs';\nimport { Aspects, CustomResource } from 'aws-cdk-lib';\nimport * as cr from 'aws-cdk-lib/custom-resources';"];
const trick = (name: string, code: string): string => fromSolution(name, [TRICK_IMPORTS, [AFTER_AUDITOR, AFTER_AUDITOR + code]]);
const ADMIN = 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess';

const RECORD = "Changed ReportFunctionRole (policy narrowed to the job's needs), OpsRole (AdministratorAccess detached,\noperator needs only), AuditorUser (own policy removed, now in AuditorsGroup, which is new, with the new managed\npolicy AuditorsReadPolicy).\nWhy: least privilege.";
const record = (name: string, to: string) => documentVariant(drill, name, { 'RUNBOOK.md': [[RECORD, to]] });

proveDrill(drill, [
  {
    name: 'a Record that names the roles without saying what changed or why',
    labFile: solution,
    runbookFile: record('record-filler', 'ReportFunctionRole, OpsRole, AuditorUser and AuditorsGroup were changed because of reasons.'),
    failing: ['change-recorded'],
  },
  {
    name: 'a Record whose account of one role is hidden in HTML',
    labFile: solution,
    runbookFile: record('record-hidden', "Changed ReportFunctionRole (policy narrowed to the job's needs) and AuditorUser (own policy removed, now in AuditorsGroup). <span hidden>OpsRole: AdministratorAccess detached</span> Why: least privilege."),
    failing: ['change-recorded'],
  },
  {
    name: 'a Record of keyword stuffing',
    labFile: solution,
    runbookFile: record('record-stuffed', 'ReportFunctionRole OpsRole AuditorUser AuditorsGroup ReportFunctionRole OpsRole AuditorUser AuditorsGroup changed changed because because.'),
    failing: ['change-recorded'],
  },

  {
    name: 'deleted the operator role and the auditor instead of fixing them',
    labFile: variant(solution, 'deleted-roles', [
      [OPS_ROLE_START, '    /* ops role and auditor deleted\n' + OPS_ROLE_START],
      ['    auditors.addUser(auditor);\n', '    auditors.addUser(auditor);\n    */\n'],
    ]),
    failing: ['ops-least-privilege', 'auditor-through-group'],
  },
  {
    name: 'acknowledged every cdk-nag finding for the whole stack',
    labFile: variant(lab, 'silenced-nag', [
      ['    super(scope, id, props);\n', "    super(scope, id, props);\n    for (const id of ['AwsSolutions-IAM4', 'AwsSolutions-IAM5[Action::*]', 'Awswo-IAMNoWildcardActions', 'Awswo-IAMNoAdminManagedPolicy', 'Awswo-IAMNoUserInlinePolicy']) {\n      Validations.of(this).acknowledge({ id, reason: 'reviewed, fine for now' });\n    }\n"],
    ]),
    failing: ['function-least-privilege', 'ops-least-privilege', 'auditor-through-group'],
  },
  {
    name: 'swapped * for a long list of unrelated actions',
    labFile: variant(lab, 'long-action-list', [
      ["functionRole.addToPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));", `functionRole.addToPolicy(new iam.PolicyStatement({ actions: ${LONG_LIST}, resources: ['*'] }));`],
      ["opsRole.addToPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));", `opsRole.addToPolicy(new iam.PolicyStatement({ actions: ${LONG_LIST}, resources: ['*'] }));`],
      ["      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],\n", ''],
    ]),
    failing: ['function-least-privilege', 'ops-least-privilege'],
  },
  {
    name: 'used bucket.grantReadWrite instead of the exact needs',
    labFile: fromSolution('convenience-grants', [[FUNCTION_S3, '    bucket.grantReadWrite(functionRole);\n']]),
    failing: ['function-least-privilege'],
  },
  // Permissions the old reader did not see.
  {
    name: 'kept * on * in an AWS::IAM::RolePolicy of the job role',
    labFile: plus('role-policy', "    new iam.CfnRolePolicy(this, 'JobExtras', { roleName: functionRole.roleName, policyName: 'extras', policyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } });\n"),
    failing: ['function-least-privilege'],
  },
  {
    name: 'gave the job role s3:* in an AWS::IAM::Policy of its own',
    labFile: plus('separate-policy', "    new iam.Policy(this, 'JobS3', { roles: [functionRole], statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] });\n"),
    failing: ['function-least-privilege'],
  },
  {
    name: 'attached AdministratorAccess to the ops role by its literal ARN',
    labFile: plus('literal-admin-arn', "    opsRole.addManagedPolicy(iam.ManagedPolicy.fromManagedPolicyArn(this, 'Admin', 'arn:aws:iam::aws:policy/AdministratorAccess'));\n"),
    failing: ['ops-least-privilege'],
  },
  {
    name: 'attached PowerUserAccess to the ops role through a property override (Fn::Sub)',
    labFile: plus('power-user-override', "    (opsRole.node.defaultChild as iam.CfnRole).addPropertyOverride('ManagedPolicyArns', [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/PowerUserAccess' }]);\n"),
    failing: ['ops-least-privilege'],
  },
  {
    name: 'gave the auditors group AmazonS3FullAccess',
    labFile: plus('s3-full-access', "    auditors.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3FullAccess'));\n"),
    failing: ['auditor-through-group'],
  },
  {
    name: 'attached a customer managed policy the template does not define to the ops role',
    labFile: plus('outside-policy', "    opsRole.addManagedPolicy(iam.ManagedPolicy.fromManagedPolicyName(this, 'Helpdesk', 'HelpdeskAccess'));\n"),
    failing: ['ops-least-privilege'],
  },
  {
    name: 'granted * to the job role inside an Fn::If whose condition is never true',
    labFile: plus('fn-if', "    const never = new CfnCondition(this, 'Never', { expression: Fn.conditionEquals(Aws.REGION, 'xx-nowhere-1') });\n    functionRole.addToPolicy(new iam.PolicyStatement({ actions: [Fn.conditionIf(never.logicalId, '*', 's3:GetObject').toString()], resources: ['*'] }));\n"),
    failing: ['function-least-privilege'],
  },
  // Resource-based policies granting the drill's principals.
  {
    name: 'granted the job role s3:* in the bucket policy',
    labFile: plus('bucket-policy', "    bucket.addToResourcePolicy(new iam.PolicyStatement({ principals: [functionRole], actions: ['s3:*'], resources: [bucket.bucketArn, bucket.arnForObjects('*')] }));\n"),
    failing: ['function-least-privilege'],
  },
  {
    name: 'granted everyone s3:GetObject* and s3:PutObject in the bucket policy (Principal *)',
    labFile: plus('bucket-policy-anyone', "    bucket.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['s3:GetObject*', 's3:PutObject'], resources: [bucket.arnForObjects('*')] }));\n"),
    failing: ['function-least-privilege', 'ops-least-privilege', 'auditor-through-group'],
  },
  {
    name: 'gave the ops role kms:* in the key policy of a new key',
    labFile: plus('key-policy', "    const key = new kms.Key(this, 'ReportsKey', { removalPolicy: RemovalPolicy.DESTROY, enableKeyRotation: true });\n    key.addToResourcePolicy(new iam.PolicyStatement({ principals: [opsRole], actions: ['kms:*'], resources: ['*'] }));\n"),
    failing: ['ops-least-privilege'],
  },
  {
    name: 'let the auditor user publish to and manage a new topic through the topic policy',
    labFile: plus('topic-policy', "    const topic = new sns.Topic(this, 'ReportsTopic', { enforceSSL: true });\n    topic.addToResourcePolicy(new iam.PolicyStatement({ principals: [auditor], actions: ['sns:*'], resources: [topic.topicArn] }));\n"),
    failing: ['auditor-through-group'],
  },
  // New principals that hold the broad grant.
  {
    name: 'added a second operator role with AdministratorAccess',
    labFile: plus('second-ops-role', "    new iam.Role(this, 'OpsRoleBreakGlass', { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')] });\n"),
    failing: ['ops-least-privilege'],
  },
  {
    name: 'added an EC2 role with a NotAction grant of everything but IAM',
    labFile: plus('ec2-notaction-role', "    new iam.Role(this, 'Worker', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }).addToPolicy(new iam.PolicyStatement({ notActions: ['iam:*'], resources: ['*'] }));\n"),
    failing: ['function-least-privilege', 'ops-least-privilege', 'auditor-through-group'],
  },
  {
    name: 'added a second auditor user with s3:* on *',
    labFile: plus('second-user', "    new iam.User(this, 'AuditorUser2').addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));\n"),
    failing: ['auditor-through-group'],
  },
  {
    name: 'switched the job to run as a new role with * on *',
    labFile: fromSolution('switched-role', [
      ['      role: functionRole,\n', "      role: jobRole,\n"],
      ['    const fn = new lambda.Function(', "    const jobRole = new iam.Role(this, 'JobRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });\n    jobRole.addToPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));\n    const fn = new lambda.Function("],
    ]),
    failing: ['function-least-privilege'],
  },
  {
    name: 'switched the job to run as a role the template does not define',
    labFile: fromSolution('switched-outside', [['      role: functionRole,\n', "      role: iam.Role.fromRoleArn(this, 'Outside', 'arn:aws:iam::123456789012:role/report-job'),\n"]]),
    failing: ['function-least-privilege'],
  },
  {
    name: 'added a second function whose new role holds * on *',
    labFile: plus('second-function', "    new lambda.Function(this, 'Helper', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1;'), logGroup }).addToRolePolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));\n"),
    failing: ['function-least-privilege'],
  },
  {
    name: 'replaced the ops statements by NotAction on everything but IAM',
    labFile: fromSolution('ops-notaction', [[OPS_LOGS, OPS_LOGS + "    opsRole.addToPolicy(new iam.PolicyStatement({ notActions: ['iam:*', 'organizations:*'], resources: ['*'] }));\n"]]),
    failing: ['ops-least-privilege'],
  },
  {
    name: 'moved the admin ops role to another construct id (same logical id) and gave a clean decoy the OpsRole id',
    labFile: variant(lab, 'moved-logical-id', [[
      "    const opsRole = new iam.Role(this, 'OpsRole', {",
      "    const decoy = new iam.Role(this, 'OpsRole', { assumedBy: new iam.AccountRootPrincipal() });\n    (decoy.node.defaultChild as iam.CfnRole).overrideLogicalId('OpsRoleClean');\n    decoy.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] }));\n    const opsRole = new iam.Role(this, 'LegacyOps', {",
    ], [
      "    opsRole.addToPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));\n",
      "    opsRole.addToPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));\n    (opsRole.node.defaultChild as iam.CfnRole).overrideLogicalId('OpsRoleBC007320');\n",
    ]]),
    failing: ['ops-least-privilege'],
  },
  // Conditions: the fix exists only in some regions.
  {
    name: 'kept AdministratorAccess on OpsRole everywhere but us-east-1 (Fn::If)',
    labFile: plus('admin-outside-us-east-1', `    const virginia = new CfnCondition(this, 'Virginia', { expression: Fn.conditionEquals(Aws.REGION, 'us-east-1') });
    (opsRole.node.defaultChild as iam.CfnRole).addPropertyOverride('ManagedPolicyArns', Fn.conditionIf(virginia.logicalId, Aws.NO_VALUE, [Fn.sub('${ADMIN}')]));\n`),
    failing: ['ops-least-privilege'],
    because: /^in every region except us-east-1: /,
  },
  // Undone after deploy: something the template starts puts the admin policy back.
  {
    name: 'an AwsCustomResource that attaches AdministratorAccess to OpsRole again after deploy',
    labFile: trick('custom-resource-reattaches-admin', `    new cr.AwsCustomResource(this, 'Reattach', {
      onCreate: { service: 'IAM', action: 'attachRolePolicy', parameters: { RoleName: opsRole.roleName, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, physicalResourceId: cr.PhysicalResourceId.of('reattach') },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });\n`),
    failing: ['function-least-privilege', 'ops-least-privilege', 'auditor-through-group'],
    // The IAM model judges the custom resource's role first where it reaches a drill principal's job; the scope otherwise.
    because: /Reattach/,
  },
  {
    name: 'a hand-made Custom::WidenOps backed by the job\'s own function',
    labFile: trick('hand-made-custom-resource', "    new CustomResource(this, 'WidenOps', { serviceToken: fn.functionArn, resourceType: 'Custom::WidenOps', properties: { Role: opsRole.roleName } });\n"),
    failing: ['function-least-privilege', 'ops-least-privilege', 'auditor-through-group'],
    because: /out of scope: .*WidenOps\/Default \(Custom::WidenOps\) is a custom resource: it runs the function ReportFunction/,
  },
  // Guardrails.
  {
    name: 'an Aspect that strips the permissions boundary from every role and user',
    // Priority 1000 runs after the guardrails' own (mutating) boundary aspect.
    labFile: trick('aspect-strips-boundaries', "    Aspects.of(this).add({ visit: (node) => { if (node instanceof iam.CfnRole || node instanceof iam.CfnUser) node.addPropertyDeletionOverride('PermissionsBoundary'); } }, { priority: 1000 });\n"),
    failing: ['function-least-privilege', 'ops-least-privilege', 'auditor-through-group', 'change-recorded'],
    because: /out of scope: .*OpsRole \(AWS::IAM::Role\) has no permissions boundary: every role and user of a lab keeps the guardrail boundary/,
  },
  {
    name: 'an Aspect that removes the boundary\'s deny on identity changes',
    labFile: trick('aspect-weakens-boundary', "    Aspects.of(this).add({ visit: (node) => { if (node instanceof iam.CfnManagedPolicy && node.node.path.includes('AwswoGuardrails')) node.addPropertyOverride('PolicyDocument.Statement', [{ Effect: 'Allow', Action: '*', Resource: '*' }]); } });\n"),
    failing: ['function-least-privilege', 'ops-least-privilege', 'auditor-through-group', 'change-recorded'],
    because: /the guardrail AwswoGuardrails\/PermissionsBoundary \(AWS::IAM::ManagedPolicy\) was changed \(PolicyDocument\)/,
  },
], [
  {
    name: "the group's own policy (auditors.addToPolicy) instead of a managed policy",
    labFile: variant(solution, 'group-own-policy', [[
      /* the managed policy and its attachment */
      solutionBetween("    const auditorsRead = new iam.ManagedPolicy(", "    const auditors = new iam.Group(this, 'AuditorsGroup', { managedPolicies: [auditorsRead] });\n"),
      "    const auditors = new iam.Group(this, 'AuditorsGroup');\n" +
        "    auditors.addToPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));\n" +
        "    auditors.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }));\n" +
        '    acknowledgeObjectArns(auditors, bucket);\n',
    ]]),
  },
  {
    name: 'numbered runbook headings, in other case and punctuation',
    labFile: solution,
    runbookFile: documentVariant(drill, 'numbered-headings', { 'RUNBOOK.md': [
      ['## Permissions', '## 1. Permissions'], ['## Change plan', '## 2) CHANGE PLAN'], ['## Stop rules', '## Step 3: Stop rules'],
      ['## Validation gates', '## 4. Validation gates:'], ['## Rollback path', '## 5 - Rollback path'], ['## Record', '## 6. Record'],
    ] }),
  },
  {
    name: 'a Record as a list, one item per role, and a Why item',
    labFile: solution,
    runbookFile: record('record-list', [
      "- ReportFunctionRole: the * statement replaced by the job's four needs on its bucket and log group",
      '- OpsRole: AdministratorAccess detached; invoke, list, read and log search only',
      '- AuditorUser: its own policy removed; it reads the reports through AuditorsGroup, a new group with the new read-only AuditorsReadPolicy',
      '- Why: least privilege for every identity of the job',
    ].join('\n')),
  },
  {
    name: 'the object ARN written by hand',
    labFile: fromSolution('hand-written-arn', [[FUNCTION_S3, "    functionRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [`arn:${Aws.PARTITION}:s3:::${bucket.bucketName}/*`] }));\n"]]),
  },
  {
    name: 'the log group ARN written by hand, with Fn::Join',
    labFile: fromSolution('hand-written-log-arn', [[FUNCTION_LOGS, "    functionRole.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [Fn.join('', ['arn:', Aws.PARTITION, ':logs:', Aws.REGION, ':', Aws.ACCOUNT_ID, ':log-group:', logGroup.logGroupName, ':*'])] }));\n"]]),
  },
  {
    name: 'a narrower grant: only the reports/ prefix',
    labFile: fromSolution('narrower-prefix', [
      [FUNCTION_S3, "    functionRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [bucket.arnForObjects('reports/*')] }));\n"],
    ]),
  },
  {
    name: 'fn.grantInvoke(opsRole)',
    labFile: fromSolution('grant-invoke', [[OPS_INVOKE, '    fn.grantInvoke(opsRole);\n']]),
  },
  {
    name: 'bucket.grantRead(auditors), read-only',
    labFile: fromSolution('grant-read-group', [[
      solutionBetween("    const auditorsRead = new iam.ManagedPolicy(", "    const auditors = new iam.Group(this, 'AuditorsGroup', { managedPolicies: [auditorsRead] });\n"),
      "    const auditors = new iam.Group(this, 'AuditorsGroup');\n    bucket.grantRead(auditors);\n",
    ]]),
  },
  {
    name: 'one statement per action',
    labFile: fromSolution('split-statements', [[FUNCTION_S3, "    functionRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }));\n    functionRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objects] }));\n"]]),
  },
  {
    name: 'the operator grants in a customer managed policy instead of inline',
    labFile: fromSolution('customer-managed', [
      [OPS_INVOKE, "    new iam.ManagedPolicy(opsRole, 'Policy', { roles: [opsRole], statements: [\n      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),\n      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),\n      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }),\n      new iam.PolicyStatement({ actions: ['logs:FilterLogEvents'], resources: [logGroup.logGroupArn] }),\n    ] });\n    /*\n"],
      [OPS_LOGS, OPS_LOGS + '    */\n'],
    ]),
  },
  {
    name: 'the operator role is described differently in China (Fn::If on the partition): the grants are the same in every region',
    labFile: plus('partition-condition', `    const china = new CfnCondition(this, 'China', { expression: Fn.conditionEquals(Aws.PARTITION, 'aws-cn') });
    (opsRole.node.defaultChild as iam.CfnRole).addPropertyOverride('Description', Fn.conditionIf(china.logicalId, 'Operators (China)', 'Operators who run and troubleshoot the report job'));\n`),
  },
]);

/** The text of solution.ts from `start` to the end of `end`, both included. */
function solutionBetween(start: string, end: string): string {
  const source = fs.readFileSync(solution, 'utf8');
  const a = source.indexOf(start);
  const b = source.indexOf(end, a);
  if (a < 0 || b < 0) throw new Error(`solution.ts has no "${start.trim()}" ... "${end.trim()}"`);
  return source.slice(a, b + end.length);
}
