import * as path from 'path';
import drill from '../../../../drills/02-iam/iam-wildcard-role/drill';
import { proveDrill } from '../../drill-proof';
import { variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');

const OPS_ROLE_START = '    const opsRole = new iam.Role(this, \'OpsRole\', {';
const LONG_LIST = "['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:DeleteBucket', 'ec2:RunInstances', 'iam:PassRole', 'lambda:InvokeFunction', 'lambda:UpdateFunctionCode', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DeleteLogGroup', 'logs:FilterLogEvents', 'kms:Decrypt']";

const IMPORTS = "import { Construct } from 'constructs';";
const MORE_IMPORTS = `${IMPORTS}\nimport { Aspects, Aws, CfnCondition, CustomResource, Fn } from 'aws-cdk-lib';\nimport * as cr from 'aws-cdk-lib/custom-resources';`;
const AUDITOR_END = '    auditors.addUser(auditor);\n';
const NEVER = "    const never = new CfnCondition(this, 'Never', { expression: Fn.conditionEquals(Aws.REGION, 'xx-nowhere-1') });\n";
const ADMIN = 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess';

proveDrill(drill, [
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
    labFile: variant(solution, 'convenience-grants', [
      [
        "    functionRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [objects] }));\n",
        '    bucket.grantReadWrite(functionRole);\n',
      ],
    ]),
    failing: ['function-least-privilege'],
  },
  // Identity: the broken role kept under another construct id, a clean decoy at OpsRole.
  {
    name: 'kept the admin role under another construct id (overrideLogicalId) and put a clean decoy at OpsRole',
    labFile: variant(lab, 'decoy-ops-role', [
      [IMPORTS, `${IMPORTS}\nimport { CfnElement, Stack } from 'aws-cdk-lib';`],
      [OPS_ROLE_START, "    const opsRole = new iam.Role(this, 'LegacyOps', {"],
      ["    // TRAP user-inline-policy:", `    (opsRole.node.defaultChild as iam.CfnRole).overrideLogicalId('OpsRoleBC007320');
    const decoy = new iam.Role(this, 'OpsRole', { assumedBy: new iam.AccountRootPrincipal(), description: 'clean' });
    (decoy.node.defaultChild as iam.CfnRole).overrideLogicalId('OpsRoleClean');
    decoy.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [(this.node.findChild('ReportFunction') as lambda.Function).functionArn] }));
    decoy.addToPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    decoy.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] }));
    decoy.addToPolicy(new iam.PolicyStatement({ actions: ['logs:FilterLogEvents'], resources: [logGroup.logGroupArn] }));
    Validations.of(decoy).acknowledge({ id: \`AwsSolutions-IAM5[Resource::<\${Stack.of(this).getLogicalId(bucket.node.defaultChild as CfnElement)}.Arn>/*]\`, reason: 'objects of the bucket' });
    // TRAP user-inline-policy:`],
    ]),
    failing: ['ops-least-privilege'],
    because: /AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/AdministratorAccess\] on LegacyOps/,
  },
  // Conditions: the narrow grants exist only where the template says so.
  {
    name: 'kept AdministratorAccess on OpsRole everywhere but us-east-1 (Fn::If)',
    labFile: variant(solution, 'admin-outside-us-east-1', [
      [IMPORTS, MORE_IMPORTS],
      [AUDITOR_END, `${AUDITOR_END}    const virginia = new CfnCondition(this, 'Virginia', { expression: Fn.conditionEquals(Aws.REGION, 'us-east-1') });
    (opsRole.node.defaultChild as iam.CfnRole).addPropertyOverride('ManagedPolicyArns', Fn.conditionIf(virginia.logicalId, Aws.NO_VALUE, [Fn.sub('${ADMIN}')]));\n`],
    ]),
    failing: ['ops-least-privilege'],
    because: /^in every region except us-east-1: OpsRole (still )?has the AWS managed policy AdministratorAccess/,
  },
  {
    name: 'wrote the narrow grants of the job role behind a condition no region meets, with * on * otherwise',
    labFile: variant(solution, 'narrow-never', [
      [IMPORTS, MORE_IMPORTS],
      [AUDITOR_END, `${AUDITOR_END}${NEVER}    const policy = functionRole.node.findChild('DefaultPolicy').node.defaultChild as iam.CfnPolicy;
    policy.addPropertyOverride('PolicyDocument.Statement', Fn.conditionIf(never.logicalId, Stack.of(this).resolve((policy.policyDocument as iam.PolicyDocument).toJSON().Statement), [{ Effect: 'Allow', Action: '*', Resource: '*' }]));\n`],
    ]),
    failing: ['function-least-privilege'],
    because: /ReportFunctionRole is granted more than it needs: \* on \*/,
  },
  // Undone after deploy: something the template starts puts the admin policy back.
  {
    name: 'an AwsCustomResource that attaches AdministratorAccess to OpsRole again after deploy',
    labFile: variant(solution, 'custom-resource-reattaches-admin', [
      [IMPORTS, MORE_IMPORTS],
      [AUDITOR_END, `${AUDITOR_END}    new cr.AwsCustomResource(this, 'Reattach', {
      onCreate: { service: 'IAM', action: 'attachRolePolicy', parameters: { RoleName: opsRole.roleName, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, physicalResourceId: cr.PhysicalResourceId.of('reattach') },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });\n`],
    ]),
    failing: ['function-least-privilege', 'ops-least-privilege', 'auditor-through-group'],
    because: /out of scope: Reattach\/Resource\/Default \(Custom::AWS\) is a custom resource: it calls IAM\.attachRolePolicy after deploy \(AwsCustomResource\)/,
  },
  {
    name: 'a hand-made Custom::WidenOps backed by the job\'s own function',
    labFile: variant(solution, 'hand-made-custom-resource', [
      [IMPORTS, MORE_IMPORTS],
      [AUDITOR_END, `${AUDITOR_END}    new CustomResource(this, 'WidenOps', { serviceToken: fn.functionArn, resourceType: 'Custom::WidenOps', properties: { Role: opsRole.roleName } });\n`],
    ]),
    failing: ['function-least-privilege', 'ops-least-privilege', 'auditor-through-group'],
    because: /out of scope: WidenOps\/Default \(Custom::WidenOps\) is a custom resource: it runs the function ReportFunction/,
  },
  // Guardrails.
  {
    name: 'an Aspect that strips the permissions boundary from every role and user',
    labFile: variant(solution, 'aspect-strips-boundaries', [
      [IMPORTS, MORE_IMPORTS],
      // Priority 1000 runs after the guardrails' own (mutating) boundary aspect.
      [AUDITOR_END, `${AUDITOR_END}    Aspects.of(this).add({ visit: (node) => { if (node instanceof iam.CfnRole || node instanceof iam.CfnUser) node.addPropertyDeletionOverride('PermissionsBoundary'); } }, { priority: 1000 });\n`],
    ]),
    failing: ['function-least-privilege', 'ops-least-privilege', 'auditor-through-group', 'change-recorded'],
    because: /out of scope: .*OpsRole \(AWS::IAM::Role\) has no permissions boundary: every role and user of a lab keeps the guardrail boundary/,
  },
  {
    name: 'an Aspect that removes the boundary\'s deny on identity changes',
    labFile: variant(solution, 'aspect-weakens-boundary', [
      [IMPORTS, MORE_IMPORTS],
      [AUDITOR_END, `${AUDITOR_END}    Aspects.of(this).add({ visit: (node) => { if (node instanceof iam.CfnManagedPolicy) node.addPropertyOverride('PolicyDocument.Statement', [{ Effect: 'Allow', Action: '*', Resource: '*' }]); } });\n`],
    ]),
    failing: ['function-least-privilege', 'ops-least-privilege', 'auditor-through-group', 'change-recorded'],
    because: /the guardrail AwswoGuardrails\/PermissionsBoundary \(AWS::IAM::ManagedPolicy\) was changed \(PolicyDocument\)/,
  },
], [
  {
    name: 'the operator role is described differently in China (Fn::If on the partition): the grants are the same in every region',
    labFile: variant(solution, 'partition-condition', [
      [IMPORTS, MORE_IMPORTS],
      [AUDITOR_END, `${AUDITOR_END}    const china = new CfnCondition(this, 'China', { expression: Fn.conditionEquals(Aws.PARTITION, 'aws-cn') });
    (opsRole.node.defaultChild as iam.CfnRole).addPropertyOverride('Description', Fn.conditionIf(china.logicalId, 'Operators (China)', 'Operators who run and troubleshoot the report job'));\n`],
    ]),
  },
]);
