// What moto_server (5.2.1) lacks for awswo's labs, and what the live integration suite does instead:
// the one list. The suite (test/live/helpers.ts) names the gap of every stand-in, template patch and
// asserted verdict it uses, and fails when a stand-in or patch listed here was never needed in a
// full run (the list would be stale). `npm run docs` writes the table into README.md.
//
// A gap is never a silent skip and never a pass: the suite either fills it in test code, clearly
// marked as standing in for the emulator, so the check runs end to end, or asserts the exact
// verdict the grader reports.

export type GapHandling =
  /** awswo itself copes (the same code runs against AWS). */
  | 'grader'
  /** The suite rewrites the synthesized template before `cdk deploy --app`. */
  | 'template patch'
  /** The suite does through the service API what moto's CloudFormation skipped. */
  | 'stand-in'
  /** No stand-in is possible: the suite asserts the exact verdict or error the grader reports. */
  | 'asserted'
  /** `awswo sweep` removes it after `cdk destroy`. */
  | 'sweep'
  /** Not created; no live check reads it (yet). */
  | 'not read'
  /** The suite takes another route that works (and says which). */
  | 'avoided';

export interface EmulatorGap {
  readonly id: GapId;
  /** The API or CloudFormation resource type (and property). */
  readonly subject: string;
  /** What moto_server does. */
  readonly emulator: string;
  /** What the suite (or awswo) does instead. */
  readonly suite: string;
  readonly handling: GapHandling;
  /** For `delete-leftovers`: the kinds of awswo-tagged resources (as `awswo sweep` names them) destroy may leave. */
  readonly leftoverKinds?: readonly string[];
}

/** A live check whose verdict on moto is known and asserted exactly, because no stand-in is possible. */
export interface AssertedVerdict {
  readonly gap: GapId;
  readonly drill: string;
  readonly phase: 'pristine' | 'solution';
  readonly check: string;
  readonly status: 'pass' | 'fail' | 'error';
  readonly message: RegExp;
}

export type GapId =
  | 'stack-update'
  | 'drift-detection'
  | 'iam-policy-simulator'
  | 'alarm-history'
  | 'alarm-evaluation'
  | 'ssm-parameter-tags'
  | 'log-group-arn'
  | 'dynamodb-global-table'
  | 'cloudwatch-alarm'
  | 'composite-alarm'
  | 'stack-outputs'
  | 'sns-topic-policy'
  | 'lambda-function-tags'
  | 'iam-group'
  | 'managed-policy-arns'
  | 's3-bucket-settings'
  | 'rds-deletion-protection'
  | 'lambda-custom-resources'
  | 'lambda-logging-config'
  | 'ebs-volume-encryption'
  | 'ebs-volume-type'
  | 'cloudtrail-trail'
  | 'budget'
  | 'budget-subscribers'
  | 'not-created'
  | 'delete-leftovers'
  | 'terminated-instances';

export const EMULATOR_GAPS: readonly EmulatorGap[] = [
  {
    id: 'stack-update',
    subject: 'stack update (cdk deploy of a changed lab)',
    emulator: 'through a change set: "Stack with id cdk-deploy-change-set does not exist"; with --method=direct, UpdateStack fails (KeyError \'BootstrapVersion\': the previous-value parameter CDK passes)',
    suite: 'destroys the pristine lab, then deploys the reference solution as a new stack',
    handling: 'avoided',
  },
  {
    id: 'drift-detection',
    subject: 'cloudformation:DetectStackDrift',
    emulator: 'not implemented (HTTP 500)',
    suite: 'grades with `--skip-drift`; once per run, grades without it and asserts the grader\'s exact one-line error, exit 2: "<endpoint> does not implement cloudformation:DetectStackDrift: it answered HTTP 500 with no AWS response: grade with --skip-drift there"',
    handling: 'asserted',
  },
  {
    id: 'iam-policy-simulator',
    subject: 'iam:SimulatePrincipalPolicy',
    emulator: 'not implemented (HTTP 500 page)',
    suite: 'none needed: the grader reads the principal\'s deployed policy documents (inline, attached, its groups\') and evaluates them itself (lib/checks/iam/deployed-policies.ts); the IAM checks run end to end',
    handling: 'grader',
  },
  {
    id: 'alarm-history',
    subject: 'cloudwatch:DescribeAlarmHistory',
    emulator: 'not implemented',
    suite: 'the suite\'s proxy in front of moto answers it from the state changes the suite made (SetAlarmState), in the API\'s own JSON shape',
    handling: 'stand-in',
  },
  {
    id: 'alarm-evaluation',
    subject: 'CloudWatch alarm evaluation',
    emulator: 'no metrics from load balancers or instances, so no alarm ever changes state',
    suite: 'after `awswo inject`, sets the alarm to ALARM and, once the suite has restored the revoked rule as the student would, back to OK (SetAlarmState)',
    handling: 'stand-in',
  },
  {
    id: 'ssm-parameter-tags',
    subject: 'AWS::SSM::Parameter Tags',
    emulator: 'reads the documented key-value map as a list of {Key, Value} and fails after creating the parameter, which then "already exists" on every later read of the stack',
    suite: 'rewrites the map as the list moto expects before deploying',
    handling: 'template patch',
  },
  {
    id: 'log-group-arn',
    subject: 'AWS::Logs::LogGroup Fn::GetAtt Arn',
    emulator: 'returns the ARN without the documented `:*` suffix, so policies name another resource than AWS would',
    suite: 'writes the documented ARN (`arn:aws:logs:<region>:<account>:log-group:<name>:*`) in place of the GetAtt before deploying',
    handling: 'template patch',
  },
  {
    id: 'dynamodb-global-table',
    subject: 'AWS::DynamoDB::GlobalTable (dynamodb.TableV2)',
    emulator: 'not created by CloudFormation',
    suite: 'deploys an AWS::DynamoDB::Table with the same keys and billing mode in its place',
    handling: 'template patch',
  },
  {
    id: 'cloudwatch-alarm',
    subject: 'AWS::CloudWatch::Alarm',
    emulator: 'not created by CloudFormation',
    suite: 'creates each with PutMetricAlarm from the template\'s properties (intrinsics resolved against the deployed stack) and lists it among the stack\'s resources (the proxy adds it to ListStackResources)',
    handling: 'stand-in',
  },
  {
    id: 'composite-alarm',
    subject: 'AWS::CloudWatch::CompositeAlarm; cloudwatch:PutCompositeAlarm',
    emulator: 'no composite alarms at all: not created by CloudFormation, PutCompositeAlarm not implemented, AlarmRule dropped by PutMetricAlarm',
    suite: 'the proxy adds it, with the template\'s rule and actions resolved against the deployed stack, to DescribeAlarms\' CompositeAlarms and to the stack\'s resources',
    handling: 'stand-in',
  },
  {
    id: 'stack-outputs',
    subject: 'stack Outputs that refer to resources moto did not create',
    emulator: 'the output has no usable value',
    suite: 'the proxy returns the value computed from the stand-in resource (DescribeStacks)',
    handling: 'stand-in',
  },
  {
    id: 'lambda-function-tags',
    subject: 'AWS::Lambda::Function Tags',
    emulator: 'creates the function without the template\'s tags (GetFunction returns none of them)',
    suite: 'tags the function with the template\'s tags (TagResource) after deploy, as CloudFormation does',
    handling: 'stand-in',
  },
  {
    id: 'sns-topic-policy',
    subject: 'AWS::SNS::TopicPolicy',
    emulator: 'not created by CloudFormation',
    suite: 'sets the template\'s policy on each of its topics with SetTopicAttributes',
    handling: 'stand-in',
  },
  {
    id: 'iam-group',
    subject: 'AWS::IAM::Group, AWS::IAM::User Groups',
    emulator: 'no CloudFormation model for groups: Ref to a group is empty, so a policy naming it fails with "Group None not found" and users join no group',
    suite: 'creates each group (CreateGroup), attaches its managed policies, puts its inline policies, and adds the users that name it (AddUserToGroup); deletes them after destroy',
    handling: 'stand-in',
  },
  {
    id: 'managed-policy-arns',
    subject: 'AWS::IAM::Role ManagedPolicyArns',
    emulator: 'ignored by CloudFormation: nothing is attached',
    suite: 'attaches each with AttachRolePolicy',
    handling: 'stand-in',
  },
  {
    id: 's3-bucket-settings',
    subject: 'AWS::S3::Bucket PublicAccessBlockConfiguration, VersioningConfiguration',
    emulator: 'ignored by CloudFormation (only BucketEncryption and Tags are applied)',
    suite: 'applies them with PutPublicAccessBlock and PutBucketVersioning',
    handling: 'stand-in',
  },
  {
    id: 'rds-deletion-protection',
    subject: 'AWS::RDS::DBInstance DeletionProtection',
    emulator: 'ignored by CloudFormation',
    suite: 'sets it with ModifyDBInstance; before destroying a solved lab, turns it off as the drill\'s README tells instructors to',
    handling: 'stand-in',
  },
  {
    id: 'lambda-custom-resources',
    subject: 'Lambda-backed custom resources (Custom::VpcRestrictDefaultSG, Custom::S3AutoDeleteObjects, Custom::S3BucketNotifications)',
    emulator: 'runs Lambda functions only in Docker; CloudFormation reports the custom resource created and its handler never runs',
    suite: 'does what the handlers of Custom::VpcRestrictDefaultSG (revokes every rule of the VPC\'s default security group) and Custom::S3BucketNotifications (PutBucketNotificationConfiguration with the resource\'s NotificationConfiguration) do; the buckets are empty, so auto-delete has nothing to do',
    handling: 'stand-in',
  },
  {
    id: 'lambda-logging-config',
    subject: 'AWS::Lambda::Function LoggingConfig.LogGroup',
    emulator: 'ignored: an invoked function (CloudFormation invokes custom-resource handlers) writes to /aws/lambda/<function>, a log group outside the stack',
    suite: 'after destroy, asserts that every such group belongs to a function whose template names a log group of the stack (the guardrails give each one), then deletes it; a function without one fails the test: that leftover would be the lab\'s own',
    handling: 'stand-in',
  },
  {
    id: 'ebs-volume-encryption',
    subject: 'AWS::EC2::Volume Encrypted',
    emulator: 'ignored by CloudFormation: volumes are created unencrypted, and no API encrypts an existing volume',
    suite: 'asserts the grader\'s exact verdict on the reference solution: "deployed ScratchVolume (vol-…) is not encrypted at rest"',
    handling: 'asserted',
  },
  {
    id: 'ebs-volume-type',
    subject: 'AWS::EC2::Volume VolumeType, Iops, Throughput',
    emulator: 'ignored by CloudFormation: every volume is a gp2 of the given size',
    suite: 'sets them with ModifyVolume after deploy',
    handling: 'stand-in',
  },
  {
    id: 'cloudtrail-trail',
    subject: 'AWS::CloudTrail::Trail',
    emulator: 'not created by CloudFormation',
    suite: 'creates it with CreateTrail from the template\'s properties (PutEventSelectors, StartLogging when IsLogging), lists it among the stack\'s resources (the proxy adds it to ListStackResources) and deletes it after destroy',
    handling: 'stand-in',
  },
  {
    id: 'budget',
    subject: 'AWS::Budgets::Budget',
    emulator: 'not created by CloudFormation',
    suite: 'creates it with CreateBudget (its notifications and subscribers included) from the template\'s properties, lists it among the stack\'s resources (the proxy) and deletes it after destroy',
    handling: 'stand-in',
  },
  {
    id: 'budget-subscribers',
    subject: 'budgets:DescribeSubscribersForNotification',
    emulator: 'not implemented',
    suite: 'the proxy answers it with the subscribers the budget stand-in was created with',
    handling: 'stand-in',
  },
  {
    id: 'not-created',
    subject: 'AWS::Scheduler::Schedule, AWS::S3::BucketPolicy, AWS::EC2::SecurityGroupEgress',
    emulator: 'not created by CloudFormation',
    suite: 'nothing: no live check reads them yet; a live check that does must add its stand-in here',
    handling: 'not read',
  },
  {
    id: 'delete-leftovers',
    subject: 'stack deletion',
    emulator: 'never deletes RouteTable, SubnetRouteTableAssociation, Route, InternetGateway, VPCGatewayAttachment, NatGateway, EIP, FlowLog, Volume, ManagedPolicy, Listener, TargetGroup, SecurityGroupIngress, Lambda::Permission; the VPC then "has dependencies", and moto drops the stack anyway',
    suite: 'asserts that every awswo-tagged leftover is one of these (a VPC, its flow logs), then that `awswo sweep` deletes them: its VPC deleter first removes what is inside the VPC, as it must where CloudFormation lost track of one',
    handling: 'sweep',
    leftoverKinds: [
      'ec2:vpc', 'ec2:flow-logs', 'ec2:vpc-flow-log', 'ec2:route-table', 'ec2:internet-gateway', 'ec2:natgateway', 'ec2:elastic-ip',
      'ec2:volume', 'elasticloadbalancing:targetgroup', 'elasticloadbalancing:listener', 'ec2:security-group-rule',
    ],
  },
  {
    id: 'terminated-instances',
    subject: 'terminated EC2 instances',
    emulator: 'listed by the Resource Groups Tagging API after the Auto Scaling group terminated them',
    suite: 'a terminated instance counts as gone, for the suite and for `awswo sweep` (AWS, too, lists terminated instances for a while)',
    handling: 'sweep',
  },
];

export const ASSERTED_VERDICTS: readonly AssertedVerdict[] = [
  {
    gap: 'ebs-volume-encryption',
    drill: 'shared-responsibility',
    phase: 'solution',
    check: 'volume-encryption-live',
    status: 'fail',
    message: /^deployed ScratchVolume \(vol-[0-9a-f]+\) is not encrypted at rest$/,
  },
];

export function gap(id: GapId): EmulatorGap {
  const found = EMULATOR_GAPS.find((g) => g.id === id);
  if (!found) throw new Error(`unknown emulator gap ${id}`);
  return found;
}

/** The README table: one row per gap. */
export function emulatorGapsMarkdown(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = EMULATOR_GAPS.map((g) => `| ${cell(g.subject)} | ${cell(g.emulator)} | ${g.handling} | ${cell(g.suite)} |`);
  return ['| API or resource type | moto_server 5.2.1 | handled by | what the suite does instead |', '|---|---|---|---|', ...rows, ''].join('\n');
}
