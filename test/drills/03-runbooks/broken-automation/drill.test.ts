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
    name: 'the start step starts a literal instance id instead of the instances FindInstances found',
    labFile: variant(solution, 'start-literal-id', [["inputs: { InstanceIds: '{{ FindInstances.InstanceIds }}', DesiredState: 'running' }", "inputs: { InstanceIds: ['i-0123456789abcdef0'], DesiredState: 'running' }"]]),
    failing: ['inputs-resolve'],
    because: /step StartInstances starts i-0123456789abcdef0 \(not an instance the run found/,
  },
  {
    name: 'an output selector under Reservations that names a field DescribeInstances does not return',
    labFile: variant(solution, 'selector-typo', [["Selector: '$.Reservations..Instances..InstanceId'", "Selector: '$.Reservations..Instances..InstanceIds'"]]),
    failing: ['inputs-resolve'],
    because: /step StopInstances stops no instance: the output FindInstances\.InstanceIds selects nothing from a DescribeInstances response/,
  },
  {
    name: 'an output selector that returns the image ids of the instances',
    labFile: variant(solution, 'selector-image-ids', [["Selector: '$.Reservations..Instances..InstanceId'", "Selector: '$.Reservations..Instances..ImageId'"]]),
    failing: ['inputs-resolve'],
    because: /stops ami-\w+ \(not an instance the run found/,
  },
  {
    name: 'filtered on a tag key the restart group does not use',
    labFile: variant(solution, 'filter-other-tag', [["{ Name: `tag:${RESTART_TAG}`, Values: ['{{ RestartGroup }}'] }", "{ Name: 'tag:restart-group', Values: ['{{ RestartGroup }}'] }"]]),
    failing: ['inputs-resolve'],
    because: /with RestartGroup=web, step StopInstances stops no instance/,
  },
  {
    name: 'wrote the web group into the filter instead of reading RestartGroup',
    labFile: variant(solution, 'filter-literal-group', [["Values: ['{{ RestartGroup }}'] }", "Values: ['web'] }"]]),
    failing: ['inputs-resolve'],
    because: /with RestartGroup=db, step StopInstances stops i-\w+ \(a running instance of the web group\)/,
  },
  {
    name: 'dropped the running-state filter, so a stopped member of the group is started',
    labFile: variant(solution, 'no-state-filter', [["                { Name: 'instance-state-name', Values: ['running'] },\n", '']]),
    failing: ['inputs-resolve'],
    because: /step StartInstances starts i-\w+ \(a stopped instance of the web group\)/,
  },
  {
    name: 'an allowedPattern on RestartGroup that no group name matches',
    labFile: variant(solution, 'group-pattern-refuses', [["allowedPattern: '^[a-z0-9-]{1,32}$'", "allowedPattern: '^[A-Z]{1,32}$'"]]),
    failing: ['inputs-resolve'],
    because: /the parameter RestartGroup cannot name the group web: its allowedPattern/,
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
    name: 'selected the instance ids with index wildcards',
    labFile: variant(solution, 'selector-index-wildcards', [["Selector: '$.Reservations..Instances..InstanceId'", "Selector: '$.Reservations[*].Instances[*].InstanceId'"]]),
  },
  {
    name: 'filtered on the running state by its code',
    labFile: variant(solution, 'state-code', [["{ Name: 'instance-state-name', Values: ['running'] }", "{ Name: 'instance-state-code', Values: ['16'] }"]]),
  },
  {
    name: 'let a failed stop continue to the next step, which starts the instances',
    labFile: variant(solution, 'continue-to-start', [["onFailure: 'step:StartInstances',", "onFailure: 'Continue',"]]),
  },
]);
