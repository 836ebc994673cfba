import { defineDrill } from '../../../lib/model/drill';
import { arn, iamCanDo, iamOnly, parameterArn, runbookCoversChanges, runbookMentions, runbookSectionsFilled } from '../../../lib/checks';
import { liveArn } from '../../../lib/live/arns';
import { liveIamCanDo, liveIamCannotDo } from '../../../lib/checks/iam/live';
import { RUNBOOK_SECTIONS } from '../../runbook-sections';

const parameter = parameterArn('ConfigParameter');

/** What the function already had, and must keep. */
const EXISTING = [
  { actions: ['dynamodb:PutItem'], resource: arn('OrdersTable') },
  { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resource: arn('OrdersLogs') },
];
/** The one permission that is missing. Reading through parameter.grantRead() is accepted too. */
const PARAMETER_READ = { actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParameterHistory', 'ssm:DescribeParameters'], resource: parameter };

export default defineDrill({
  id: 'access-denied-parameter',
  module: '02',
  title: 'Access denied: trace and grant one permission',
  summary: 'A function fails with AccessDenied on its config parameter; grant exactly that permission, scoped to that parameter.',
  soaTasks: ['4.1', '1.2'],
  difficulty: 'intro',
  estimatedCostPerHour: 0.0,
  dir: __dirname,
  runbook: { sections: RUNBOOK_SECTIONS },
  traps: [
    { id: 'missing-parameter-read', description: 'OrdersFunctionRole has no ssm:GetParameter on ConfigParameter', objective: 'parameter-readable', resource: 'OrdersFunctionRole' },
    { id: 'runbook-unfilled', description: 'RUNBOOK.md is the blank template: the denial is not traced', objective: 'access-traced', resource: 'RUNBOOK.md' },
  ],
  objectives: [
    {
      id: 'parameter-readable',
      title: 'The function can read its config parameter, and nothing more was granted',
      weight: 3,
      soaTask: '4.1',
      hint: 'Add ssm:GetParameter on the ConfigParameter ARN to OrdersFunctionRole (e.g. config.grantRead(role)); no other action, no wider resource.',
      checks: [
        iamCanDo('can-read-parameter', 'OrdersFunctionRole', [{ action: 'ssm:GetParameter', resource: parameter }]),
        iamCanDo('still-works', 'OrdersFunctionRole', EXISTING.flatMap((e) => e.actions.map((action) => ({ action, resource: e.resource })))),
        iamOnly('no-over-grant', 'OrdersFunctionRole', [...EXISTING, PARAMETER_READ]),
      ],
      // After deploying: IAM's policy simulator on the deployed role and parameter.
      liveChecks: [
        liveIamCanDo('parameter-live-can-read', 'OrdersFunctionRole', 'role', [
          { action: 'ssm:GetParameter', resource: liveArn('ConfigParameter') },
          { action: 'dynamodb:PutItem', resource: liveArn('OrdersTable') },
        ]),
        liveIamCannotDo('parameter-live-nothing-more', 'OrdersFunctionRole', 'role', [
          { action: 'ssm:PutParameter', resource: liveArn('ConfigParameter') },
          { action: 'ssm:GetParameter', resource: '*' },
          { action: 'iam:CreateUser', resource: '*' },
        ]),
      ],
    },
    {
      id: 'access-traced',
      title: 'The runbook traces the denial to the missing action and resource',
      weight: 1,
      soaTask: '4.1',
      hint: 'Fill RUNBOOK.md: under Permissions, quote the denied action (ssm:GetParameter) and the parameter; under Record, name the role you changed.',
      checks: [
        runbookSectionsFilled('runbook-filled', RUNBOOK_SECTIONS),
        runbookMentions('denial-traced', 'Permissions', [
          { label: 'the denied action ssm:GetParameter', pattern: /ssm:GetParameter\b/i },
          { label: 'the parameter /lab/<student>/access-denied-parameter/orders/config', pattern: /\/orders\/config/i },
        ]),
        runbookCoversChanges('record-covers-diff', 'Record'),
      ],
    },
  ],
});
