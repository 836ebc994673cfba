import * as fs from 'fs';
import * as path from 'path';
import drill from '../../../../drills/02-iam/iam-wildcard-role/drill';
import { proveDrill } from '../../drill-proof';
import { variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');

const OPS_ROLE_START = '    const opsRole = new iam.Role(this, \'OpsRole\', {';
const LONG_LIST = "['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:DeleteBucket', 'ec2:RunInstances', 'iam:PassRole', 'lambda:InvokeFunction', 'lambda:UpdateFunctionCode', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DeleteLogGroup', 'logs:FilterLogEvents', 'kms:Decrypt']";

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
]);

/** The text of solution.ts from `start` to the end of `end`, both included. */
function solutionBetween(start: string, end: string): string {
  const source = fs.readFileSync(solution, 'utf8');
  const a = source.indexOf(start);
  const b = source.indexOf(end, a);
  if (a < 0 || b < 0) throw new Error(`solution.ts has no "${start.trim()}" ... "${end.trim()}"`);
  return source.slice(a, b + end.length);
}
