import { defineDrill } from '../../../lib/model/drill';
import { arn, iamCanDo, iamNoUserPolicies, iamNoWildcardsOrAdmin, iamOnly, noNagFindings, runbookCoversChanges, runbookSectionsFilled } from '../../../lib/checks';
import { liveArn } from '../../../lib/live/arns';
import { LiveGrant, liveIamCanDo, liveIamCannotDo, liveRoleNoAdminPolicy, liveUserThroughGroup } from '../../../lib/checks/iam/live';
import { RUNBOOK_SECTIONS } from '../../runbook-sections';

/** The object the job reads and writes, and the readers read (REPORT_HANDLER in lab.ts). */
const REPORT = arn('ReportsBucket/Bucket', '/reports/latest.txt');
const OBJECTS_ARN = arn('ReportsBucket/Bucket', '/*');
const BUCKET_ARN = arn('ReportsBucket/Bucket');
const LOGS_ARN = arn('ReportLogs');

/** What the report job may hold, as the briefing states it; a narrower grant (`reports/*`) is fine too. */
const FUNCTION_ALLOWED = [
  { actions: ['s3:GetObject', 's3:PutObject'], resource: OBJECTS_ARN },
  { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resource: LOGS_ARN },
];
const FUNCTION_NEEDS = [
  { action: 's3:GetObject', resource: REPORT },
  { action: 's3:PutObject', resource: REPORT },
  { action: 'logs:CreateLogStream', resource: LOGS_ARN },
  { action: 'logs:PutLogEvents', resource: LOGS_ARN },
];
/** What operators need to run and troubleshoot it (invoking covers the function's versions and aliases: fn.grantInvoke). */
const OPS_ALLOWED = [
  { actions: ['lambda:InvokeFunction'], resource: arn('ReportFunction') },
  { actions: ['s3:ListBucket'], resource: BUCKET_ARN },
  { actions: ['s3:GetObject'], resource: OBJECTS_ARN },
  { actions: ['logs:FilterLogEvents'], resource: LOGS_ARN },
];
const OPS_NEEDS = [
  { action: 'lambda:InvokeFunction', resource: arn('ReportFunction') },
  { action: 's3:ListBucket', resource: BUCKET_ARN },
  { action: 's3:GetObject', resource: REPORT },
  { action: 'logs:FilterLogEvents', resource: LOGS_ARN },
];
/** What the auditor needs: read the reports. Reading through bucket.grantRead(group) is accepted: it is read-only. */
const AUDITOR_ALLOWED = [
  { actions: ['s3:ListBucket', 's3:GetObject', 's3:GetObject*', 's3:GetBucket*', 's3:List*'], resource: BUCKET_ARN },
  { actions: ['s3:GetObject', 's3:GetObject*', 's3:GetBucket*', 's3:List*'], resource: OBJECTS_ARN },
];
const AUDITOR_NEEDS = [
  { action: 's3:ListBucket', resource: BUCKET_ARN },
  { action: 's3:GetObject', resource: REPORT },
];

/** The same needs, on the deployed resources, for `awswo grade --live`. */
const BUCKET = liveArn('ReportsBucket/Bucket');
const OBJECTS = liveArn('ReportsBucket/Bucket', '/*');
const LOGS = liveArn('ReportLogs');
const FUNCTION = liveArn('ReportFunction');
const LIVE_FUNCTION_NEEDS: LiveGrant[] = [
  { action: 's3:GetObject', resource: OBJECTS },
  { action: 's3:PutObject', resource: OBJECTS },
  { action: 'logs:CreateLogStream', resource: LOGS },
  { action: 'logs:PutLogEvents', resource: LOGS },
];
const LIVE_OPS_NEEDS: LiveGrant[] = [
  { action: 'lambda:InvokeFunction', resource: FUNCTION },
  { action: 's3:ListBucket', resource: BUCKET },
  { action: 's3:GetObject', resource: OBJECTS },
  { action: 'logs:FilterLogEvents', resource: LOGS },
];
const LIVE_AUDITOR_NEEDS: LiveGrant[] = [
  { action: 's3:ListBucket', resource: BUCKET },
  { action: 's3:GetObject', resource: OBJECTS },
];
/** What a wildcard or admin grant gives away, and none of these identities may do. */
const ESCALATION: LiveGrant[] = [
  { action: 'iam:CreateUser', resource: '*' },
  { action: 'iam:AttachRolePolicy', resource: '*' },
  { action: 's3:DeleteBucket', resource: BUCKET },
  { action: 's3:PutBucketPolicy', resource: BUCKET },
];
const LIVE_FUNCTION_FORBIDDEN: LiveGrant[] = [
  ...ESCALATION,
  { action: 's3:DeleteObject', resource: OBJECTS },
  { action: 'lambda:UpdateFunctionCode', resource: FUNCTION },
  { action: 'logs:DeleteLogGroup', resource: LOGS },
];
const LIVE_OPS_FORBIDDEN: LiveGrant[] = [
  ...ESCALATION,
  { action: 's3:PutObject', resource: OBJECTS },
  { action: 'lambda:UpdateFunctionCode', resource: FUNCTION },
  { action: 'logs:DeleteLogGroup', resource: LOGS },
];
const LIVE_AUDITOR_FORBIDDEN: LiveGrant[] = [
  ...ESCALATION,
  { action: 's3:PutObject', resource: OBJECTS },
  { action: 's3:DeleteObject', resource: OBJECTS },
];

export default defineDrill({
  id: 'iam-wildcard-role',
  module: '02',
  title: 'Over-permissioned roles',
  summary: 'A report job, its operators and an auditor all hold wildcard or admin permissions; narrow each to what it needs.',
  soaTasks: ['4.1', '4.2'],
  difficulty: 'core',
  estimatedCostPerHour: 0.0,
  dir: __dirname,
  runbook: { sections: RUNBOOK_SECTIONS },
  traps: [
    { id: 'function-wildcard', description: 'ReportFunctionRole allows * on *', objective: 'function-least-privilege', resource: 'ReportFunctionRole' },
    { id: 'ops-admin', description: 'OpsRole has AdministratorAccess and a * on * policy', objective: 'ops-least-privilege', resource: 'OpsRole' },
    { id: 'user-inline-policy', description: 'AuditorUser holds s3:* on * in a policy of its own', objective: 'auditor-through-group', resource: 'AuditorUser' },
    { id: 'runbook-unfilled', description: 'RUNBOOK.md is the blank template', objective: 'change-recorded', resource: 'RUNBOOK.md' },
  ],
  objectives: [
    {
      id: 'function-least-privilege',
      title: 'The report job role grants exactly what the job needs',
      weight: 3,
      soaTask: '4.1',
      hint: 'Replace the * statement with s3:GetObject/s3:PutObject on the bucket\'s objects and logs:CreateLogStream/logs:PutLogEvents on ReportLogs.',
      checks: [
        iamCanDo('function-can-work', 'ReportFunctionRole', FUNCTION_NEEDS),
        iamOnly('function-nothing-more', 'ReportFunctionRole', FUNCTION_ALLOWED),
        noNagFindings('function-nag', ['AwsSolutions-IAM5[Action::', 'Awswo-IAMNoWildcardActions'], ['ReportFunctionRole']),
      ],
      liveChecks: [
        liveIamCanDo('function-live-can-work', 'ReportFunctionRole', 'role', LIVE_FUNCTION_NEEDS),
        liveIamCannotDo('function-live-nothing-more', 'ReportFunctionRole', 'role', LIVE_FUNCTION_FORBIDDEN),
      ],
    },
    {
      id: 'ops-least-privilege',
      title: 'Operators have no admin policy and no wildcard, but can still run the job',
      weight: 3,
      soaTask: '4.1',
      hint: 'Detach AdministratorAccess, drop the * statement, and grant the four operator needs from the README on their resources.',
      checks: [
        iamNoWildcardsOrAdmin('ops-no-admin', 'OpsRole'),
        iamCanDo('ops-can-operate', 'OpsRole', OPS_NEEDS),
        iamOnly('ops-nothing-more', 'OpsRole', OPS_ALLOWED),
        noNagFindings('ops-nag', ['AwsSolutions-IAM4', 'AwsSolutions-IAM5[Action::', 'Awswo-IAMNoAdminManagedPolicy', 'Awswo-IAMNoWildcardActions'], ['OpsRole']),
      ],
      liveChecks: [
        liveRoleNoAdminPolicy('ops-live-no-admin', 'OpsRole'),
        liveIamCanDo('ops-live-can-operate', 'OpsRole', 'role', LIVE_OPS_NEEDS),
        liveIamCannotDo('ops-live-nothing-more', 'OpsRole', 'role', LIVE_OPS_FORBIDDEN),
      ],
    },
    {
      id: 'auditor-through-group',
      title: 'The auditor reads reports through a group, with no policy of its own',
      weight: 2,
      soaTask: '4.1',
      hint: 'Create an iam.Group with read access to the bucket, add AuditorUser to it, and remove the user\'s own policy.',
      checks: [
        iamNoUserPolicies('auditor-no-own-policy', 'AuditorUser'),
        iamCanDo('auditor-can-read', 'AuditorUser', AUDITOR_NEEDS),
        iamOnly('auditor-nothing-more', 'AuditorUser', AUDITOR_ALLOWED),
        noNagFindings('auditor-nag', ['Awswo-IAMNoUserInlinePolicy', 'Awswo-IAMNoWildcardActions'], ['AuditorUser']),
      ],
      liveChecks: [
        liveUserThroughGroup('auditor-live-through-group', 'AuditorUser'),
        liveIamCanDo('auditor-live-can-read', 'AuditorUser', 'user', LIVE_AUDITOR_NEEDS),
        liveIamCannotDo('auditor-live-nothing-more', 'AuditorUser', 'user', LIVE_AUDITOR_FORBIDDEN),
      ],
    },
    {
      id: 'change-recorded',
      title: 'The runbook records the permission change',
      weight: 1,
      soaTask: '4.1',
      hint: 'Fill every section of RUNBOOK.md; under Record, name each resource you changed (ReportFunctionRole, OpsRole, AuditorUser, ...).',
      checks: [runbookSectionsFilled('runbook-filled', RUNBOOK_SECTIONS), runbookCoversChanges('record-covers-diff', 'Record')],
    },
  ],
});
