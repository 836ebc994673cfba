import * as path from 'path';
import drill from '../../../../drills/03-runbooks/broken-automation/drill';
import { proveDrill } from '../../drill-proof';
import { variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');

const SOLUTION_GRANTS_START = "    // Describe* calls have no resource-level permissions: '*' is the only resource they take.\n";
const TAG_CONDITION = "      conditions: { StringLike: { [`aws:ResourceTag/${RESTART_TAG}`]: '?*' } },\n";
/** The solution with the tag condition of stop/start replaced. */
const condition = (name: string, conditions: string) => variant(solution, name, [[TAG_CONDITION, `      conditions: ${conditions},\n`]]);
const SOLUTION_GRANTS_END = "      reason: 'The instances are found by tag at run time; the aws:ResourceTag condition limits stop/start to restart-group members',\n    });\n";

proveDrill(drill, [
  {
    name: 'only added onFailure to every step, kept the wrong output selector',
    labFile: variant(lab, 'only-on-failure', [
      ["            action: 'aws:executeAwsApi',\n", "            action: 'aws:executeAwsApi',\n            onFailure: 'Abort',\n"],
      ["            timeoutSeconds: 600,\n", "            timeoutSeconds: 600,\n            onFailure: 'step:StartInstances',\n"],
      ["            timeoutSeconds: 900,\n", "            timeoutSeconds: 900,\n            onFailure: 'Abort',\n"],
    ]),
    failing: ['inputs-resolve', 'runs-as-role', 'role-least-privilege'],
  },
  {
    name: 'selected only the first instance, as a String output',
    labFile: variant(solution, 'first-instance-only', [[
      "outputs: [{ Name: 'InstanceIds', Selector: '$.Reservations..Instances..InstanceId', Type: 'StringList' }],",
      "outputs: [{ Name: 'InstanceIds', Selector: '$.Reservations[0].Instances[0].InstanceId', Type: 'String' }],",
    ]]),
    failing: ['inputs-resolve'],
  },
  {
    name: 'declared a String parameter InstanceIds so that {{ InstanceIds }} resolves',
    labFile: variant(solution, 'string-instance-ids', [
      ["          AutomationAssumeRole: { type: 'String',", "          InstanceIds: { type: 'String', description: 'Instances to restart' },\n          AutomationAssumeRole: { type: 'String',"],
      ["inputs: { InstanceIds: '{{ FindInstances.InstanceIds }}', DesiredState: 'stopped' }", "inputs: { InstanceIds: '{{ InstanceIds }}', DesiredState: 'stopped' }"],
      ["inputs: { InstanceIds: '{{ FindInstances.InstanceIds }}', DesiredState: 'running' }", "inputs: { InstanceIds: '{{ InstanceIds }}', DesiredState: 'running' }"],
    ]),
    failing: ['inputs-resolve'],
  },
  {
    name: 'fixed the document but kept ec2:* and ssm:* on the role (acknowledged)',
    labFile: variant(solution, 'wildcard-role', [[
      SOLUTION_GRANTS_START,
      "    role.addToPolicy(new iam.PolicyStatement({ actions: ['ec2:*', 'ssm:*'], resources: ['*'] }));\n    for (const id of ['AwsSolutions-IAM5[Action::ec2:*]', 'AwsSolutions-IAM5[Action::ssm:*]', 'Awswo-IAMNoWildcardActions']) Validations.of(role).acknowledge({ id, reason: 'needed for now' });\n    /*\n" + SOLUTION_GRANTS_START,
    ], [SOLUTION_GRANTS_END, SOLUTION_GRANTS_END + '    */\n']]),
    failing: ['role-least-privilege'],
  },
  {
    name: 'gave the role the AWS managed AmazonSSMAutomationRole policy instead of its needs',
    labFile: variant(solution, 'managed-policy', [[
      SOLUTION_GRANTS_START,
      "    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonSSMAutomationRole'));\n    /*\n" + SOLUTION_GRANTS_START,
    ], [SOLUTION_GRANTS_END, SOLUTION_GRANTS_END + '    */\n']]),
    failing: ['role-least-privilege'],
  },
  {
    name: 'scoped stop/start to instance ARNs but to every instance, with no tag condition',
    labFile: variant(solution, 'no-tag-condition', [["      conditions: { StringLike: { [`aws:ResourceTag/${RESTART_TAG}`]: '?*' } },\n", '']]),
    failing: ['role-least-privilege'],
  },
  {
    name: 'inverted the tag condition with Null (applies to every untagged instance)',
    labFile: condition('null-on-tag', "{ Null: { [`aws:ResourceTag/${RESTART_TAG}`]: 'true' } }"),
    failing: ['role-least-privilege'],
  },
  {
    name: 'used StringNotEquals on the tag (true when the tag is absent)',
    labFile: condition('not-equals-tag', "{ StringNotEquals: { [`aws:ResourceTag/${RESTART_TAG}`]: 'none' } }"),
    failing: ['role-least-privilege'],
  },
  {
    name: 'used StringLikeIfExists on the tag (true when the tag is absent)',
    labFile: condition('if-exists-tag', "{ StringLikeIfExists: { [`aws:ResourceTag/${RESTART_TAG}`]: '?*' } }"),
    failing: ['role-least-privilege'],
  },
  {
    name: 'conditioned on the request tags instead of the instance tags',
    labFile: condition('request-tag', "{ 'ForAllValues:StringEquals': { 'aws:TagKeys': [RESTART_TAG] } }"),
    failing: ['role-least-privilege'],
  },
  {
    name: 'made every step abort on failure (the group still stays stopped)',
    labFile: variant(solution, 'abort-everywhere', [["onFailure: 'step:StartInstances',", "onFailure: 'Abort',"]]),
    failing: ['fails-safe'],
  },
  {
    name: 'added the AutomationAssumeRole parameter but left it without a default',
    labFile: variant(solution, 'role-param-no-default', [[", default: role.roleArn }", ' }']]),
    failing: ['runs-as-role'],
  },
], [
  {
    name: 'set assumeRole to the role ARN directly',
    labFile: variant(solution, 'direct-assume-role', [["assumeRole: '{{ AutomationAssumeRole }}',", 'assumeRole: role.roleArn,']]),
  },
  {
    name: 'the tag condition through the EC2 key ec2:ResourceTag',
    labFile: condition('ec2-tag-key', "{ StringLike: { [`ec2:ResourceTag/${RESTART_TAG}`]: '?*' } }"),
  },
  {
    name: 'the tag condition as Null false (the tag is present)',
    labFile: condition('null-false', "{ Null: { [`aws:ResourceTag/${RESTART_TAG}`]: 'false' } }"),
  },
  {
    name: 'let a failed stop continue to the next step, which starts the instances',
    labFile: variant(solution, 'continue-to-start', [["onFailure: 'step:StartInstances',", "onFailure: 'Continue',"]]),
  },
]);
