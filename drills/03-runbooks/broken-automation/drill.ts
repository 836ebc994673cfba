import { defineDrill } from '../../../lib/model/drill';
import { iamCanDo, iamOnly, iamOnlyWhen, noNagFindings, runbookCoversChanges, runbookMentions, runbookSectionsFilled } from '../../../lib/checks';
import { RUNBOOK_SECTIONS } from '../../runbook-sections';
import { automationFailsSafely, automationInputsResolve, automationRestartsGroup, automationRunsAs } from '../automation-checks';
import { liveAutomationFailsSafely, liveAutomationInputsResolve, liveAutomationRunsAs } from '../automation-live';

/** The tag that puts an instance in a restart group (README: "What the automation needs"). */
const RESTART_TAG = 'awswo:restart-group';
/** An instance of a restart group, in the lab's account and region (Fn::Sub syntax). */
const INSTANCE = 'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/i-0123456789abcdef0';
/** The request to stop or start it: the instance carries the restart-group tag. */
const IN_GROUP = { [`aws:ResourceTag/${RESTART_TAG}`]: 'web' };
const STOP_START = ['ec2:StopInstances', 'ec2:StartInstances'];
/** Stop and start apply only to instances that carry the restart-group tag. */
const TAGGED = { Null: { [`aws:ResourceTag/${RESTART_TAG}`]: 'false' } };

export default defineDrill({
  id: 'broken-automation',
  module: '03',
  title: 'A broken automation runbook',
  summary: 'An SSM Automation runbook that restarts a tagged group of EC2 instances fails on every run; make it run as a least-privilege role, read its real inputs and recover from a failed stop.',
  soaTasks: ['3.2', '1.2', '4.1'],
  difficulty: 'core',
  estimatedCostPerHour: 0.0,
  dir: __dirname,
  runbook: { sections: RUNBOOK_SECTIONS },
  traps: [
    { id: 'no-assume-role', description: 'RestartDocument has no assumeRole: it runs with the caller\'s permissions and AutomationRole is unused', objective: 'runs-as-role', resource: 'RestartDocument' },
    { id: 'wrong-input', description: 'FindInstances selects $.Instances..InstanceId, but DescribeInstances returns instances under Reservations: the stop step gets no instance ids', objective: 'inputs-resolve', resource: 'RestartDocument' },
    { id: 'no-failure-handling', description: 'No step declares onFailure; a failed stop aborts the run and leaves the group stopped', objective: 'fails-safe', resource: 'RestartDocument' },
    { id: 'role-wildcard', description: 'AutomationRole allows ec2:* and ssm:* on *', objective: 'role-least-privilege', resource: 'AutomationRole' },
    { id: 'runbook-unfilled', description: 'RUNBOOK.md is the blank template', objective: 'change-recorded', resource: 'RUNBOOK.md' },
  ],
  objectives: [
    {
      id: 'runs-as-role',
      title: 'The automation runs as its own role, not as whoever starts it',
      weight: 2,
      soaTask: '3.2',
      hint: 'Add assumeRole: \'{{ AutomationAssumeRole }}\' to the document and a String parameter AutomationAssumeRole whose default is role.roleArn (or set assumeRole to role.roleArn directly).',
      checks: [automationRunsAs('assume-role', 'RestartDocument', 'AutomationRole')],
      liveChecks: [liveAutomationRunsAs('assume-role-live', 'RestartDocument', 'AutomationRole')],
    },
    {
      id: 'inputs-resolve',
      title: 'Every step reads inputs that exist, with the right type, and a run restarts the group it names',
      weight: 2,
      soaTask: '3.2',
      hint: 'Look at what DescribeInstances returns (aws ec2 describe-instances): instances sit in Reservations[].Instances[], so the selector is $.Reservations..Instances..InstanceId. A step reads a parameter as {{ Name }} and an earlier step\'s output as {{ Step.Output }}; stop and start the instances FindInstances found, never ids written in.',
      checks: [
        automationInputsResolve('inputs', 'RestartDocument'),
        // Tried on a simulated fleet with two groups: the running members of the named group, no others.
        automationRestartsGroup('restarts-group', 'RestartDocument', { tag: RESTART_TAG, parameter: 'RestartGroup', groups: ['web', 'db'] }),
      ],
      liveChecks: [liveAutomationInputsResolve('inputs-live', 'RestartDocument')],
    },
    {
      id: 'fails-safe',
      title: 'A failed run never leaves the group stopped',
      weight: 2,
      soaTask: '1.2',
      hint: 'Give every step an onFailure (Abort, Continue or step:<name>); StopInstances must hand its failure to StartInstances (onFailure: step:StartInstances).',
      checks: [automationFailsSafely('on-failure', 'RestartDocument')],
      liveChecks: [liveAutomationFailsSafely('on-failure-live', 'RestartDocument')],
    },
    {
      id: 'role-least-privilege',
      title: 'The automation role can restart the group, and nothing more',
      weight: 2,
      soaTask: '4.1',
      hint: 'Replace ec2:*/ssm:* with ec2:DescribeInstances (and ec2:DescribeInstanceStatus) on * and ec2:StopInstances/ec2:StartInstances on instance ARNs (this.formatArn({ service: \'ec2\', resource: \'instance\', resourceName: \'*\' })) with a condition on aws:ResourceTag/awswo:restart-group.',
      checks: [
        iamOnly('role-nothing-more', 'AutomationRole', [
          { actions: ['ec2:DescribeInstances', 'ec2:DescribeInstanceStatus'], resource: '*' },
          { actions: STOP_START, resource: 'arn:*:ec2:*:*:instance/*', when: TAGGED },
        ]),
        iamCanDo('role-can-restart', 'AutomationRole', [
          { action: 'ec2:DescribeInstances', resource: '*' },
          { action: 'ec2:StopInstances', resource: INSTANCE, context: IN_GROUP },
          { action: 'ec2:StartInstances', resource: INSTANCE, context: IN_GROUP },
        ]),
        iamOnlyWhen('role-tag-scoped', 'AutomationRole', STOP_START, TAGGED, `instances that carry the ${RESTART_TAG} tag`),
        noNagFindings('role-nag', ['AwsSolutions-IAM5[Action::', 'Awswo-IAMNoWildcardActions', 'Awswo-IAMNoAdminManagedPolicy', 'AwsSolutions-IAM4'], ['AutomationRole']),
      ],
    },
    {
      id: 'change-recorded',
      title: 'The runbook plans the fix, gates it with a test run and records it',
      weight: 2,
      soaTask: '3.2',
      hint: 'Fill every section of RUNBOOK.md. Change plan and Record: name every resource you changed (RestartDocument, AutomationRole). Stop rules: when instances stay stopped. Validation gates: a test execution (aws ssm start-automation-execution) on a test group and its status.',
      checks: [
        runbookSectionsFilled('runbook-filled', RUNBOOK_SECTIONS),
        runbookCoversChanges('plan-covers-diff', 'Change plan', { reasons: false }),
        runbookMentions('stop-rules', 'Stop rules', [{ label: 'a stop condition on instances left stopped', pattern: /stopped|not running|do(es)? not (come back|start)/i }]),
        runbookMentions('gates', 'Validation gates', [{ label: 'a test execution of the automation and its result (aws ssm start-automation-execution, get-automation-execution)', pattern: /start-automation-execution|get-automation-execution|test (run|execution)|execution status/i }]),
        runbookCoversChanges('record-covers-diff', 'Record'),
      ],
    },
  ],
});
