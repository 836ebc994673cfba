import * as path from 'path';
import drill from '../../../../drills/02-iam/iam-wildcard-role/drill';
import { proveDrill } from '../../drill-proof';
import { documentVariant, variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');

const OPS_ROLE_START = '    const opsRole = new iam.Role(this, \'OpsRole\', {';
const LONG_LIST = "['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:DeleteBucket', 'ec2:RunInstances', 'iam:PassRole', 'lambda:InvokeFunction', 'lambda:UpdateFunctionCode', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DeleteLogGroup', 'logs:FilterLogEvents', 'kms:Decrypt']";

const RECORD = `${"Changed ReportFunctionRole (policy narrowed to the job's needs), OpsRole (AdministratorAccess detached,\noperator needs only), AuditorUser (own policy removed, now in AuditorsGroup, which is new).\nWhy: least privilege."}`;
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
      '- AuditorUser: its own policy removed; it reads the reports through AuditorsGroup, a new group',
      '- Why: least privilege for every identity of the job',
    ].join('\n')),
  },
]);

