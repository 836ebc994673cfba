import type { Drill } from '../model/drill';
import { readBaseline } from '../grading/baseline';
import { DRIFT_CALLS, DRIFT_RESOURCE_CALL } from './drift';
import { STACK_CALLS } from './runner';

/**
 * Read actions CloudFormation drift detection makes with the caller's credentials, by resource
 * type (the read handlers of the resource types' schemas; best effort, covering the types the labs
 * use). Types not listed are reported, so the policy can be completed by hand.
 */
export const DRIFT_READ_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'AWS::IAM::Role': ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies'],
  'AWS::IAM::Policy': ['iam:GetGroupPolicy', 'iam:GetRolePolicy', 'iam:GetUserPolicy'],
  'AWS::IAM::ManagedPolicy': ['iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListEntitiesForPolicy', 'iam:ListPolicyVersions'],
  'AWS::IAM::User': ['iam:GetLoginProfile', 'iam:GetUser', 'iam:GetUserPolicy', 'iam:ListAttachedUserPolicies', 'iam:ListGroupsForUser', 'iam:ListUserPolicies', 'iam:ListUserTags'],
  'AWS::IAM::Group': ['iam:GetGroup', 'iam:GetGroupPolicy', 'iam:ListAttachedGroupPolicies', 'iam:ListGroupPolicies'],
  'AWS::S3::Bucket': [
    's3:GetAccelerateConfiguration', 's3:GetBucketAcl', 's3:GetBucketCORS', 's3:GetBucketLocation', 's3:GetBucketLogging',
    's3:GetBucketNotification', 's3:GetBucketObjectLockConfiguration', 's3:GetBucketOwnershipControls', 's3:GetBucketPolicy',
    's3:GetBucketPublicAccessBlock', 's3:GetBucketTagging', 's3:GetBucketVersioning', 's3:GetBucketWebsite',
    's3:GetEncryptionConfiguration', 's3:GetLifecycleConfiguration', 's3:GetReplicationConfiguration', 's3:ListBucket',
  ],
  'AWS::S3::BucketPolicy': ['s3:GetBucketPolicy'],
  'AWS::Lambda::Function': ['lambda:GetFunction', 'lambda:GetFunctionCodeSigningConfig', 'lambda:GetFunctionRecursionConfig', 'lambda:GetRuntimeManagementConfig'],
  'AWS::Logs::LogGroup': ['logs:DescribeLogGroups', 'logs:GetDataProtectionPolicy', 'logs:ListTagsForResource'],
  'AWS::SNS::Topic': ['sns:GetDataProtectionPolicy', 'sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:ListTagsForResource'],
  'AWS::SNS::TopicPolicy': ['sns:GetTopicAttributes'],
  'AWS::Budgets::Budget': ['budgets:ViewBudget'],
  'AWS::Scheduler::Schedule': ['scheduler:GetSchedule'],
  'AWS::CloudWatch::Alarm': ['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource'],
  'AWS::SSM::Parameter': ['ssm:GetParameters', 'ssm:ListTagsForResource'],
};


export interface ActionSource {
  readonly action: string;
  /** `runner`, `drift: AWS::IAM::Role`, or `<drill>/<check>`. */
  readonly neededBy: readonly string[];
}

export interface GraderPolicy {
  readonly document: {
    readonly Version: '2012-10-17';
    readonly Statement: ReadonlyArray<{ Sid: string; Effect: 'Allow'; Action: string[]; Resource: string | string[] }>;
  };
  readonly actions: readonly ActionSource[];
  /** Resource types in the labs whose drift-detection read actions are not known here. */
  readonly unknownTypes: readonly string[];
}

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

/**
 * The least-privilege policy a grader's credentials need for `awswo grade --live` on these drills:
 * the runner's CloudFormation calls on the lab stacks, every live check's declared apiCalls, and
 * the reads drift detection makes on the labs' resource types. Deduplicated, sorted, no wildcard
 * actions (a declared call with a wildcard is a bug in the check and throws).
 */
export function graderPolicy(drills: readonly Drill[], opts: { drift?: boolean } = {}): GraderPolicy {
  const stackCalls = new Map<string, Set<string>>();
  const readCalls = new Map<string, Set<string>>();
  const add = (into: Map<string, Set<string>>, action: string, by: string) => {
    if (!ACTION.test(action)) throw new Error(`${by}: "${action}" is not a single IAM action (service:Action, no wildcard)`);
    into.set(action, (into.get(action) ?? new Set()).add(by));
  };
  const unknown = new Set<string>();
  const live = drills.filter((d) => d.objectives.some((o) => (o.liveChecks ?? []).length > 0));
  if (live.length === 0) {
    return { document: { Version: '2012-10-17', Statement: [] }, actions: [], unknownTypes: [] };
  }
  const drift = opts.drift !== false;
  for (const call of STACK_CALLS) add(stackCalls, call, 'runner');
  if (drift) for (const call of [...DRIFT_CALLS, DRIFT_RESOURCE_CALL]) add(stackCalls, call, 'runner (drift detection)');
  for (const d of live) {
    for (const o of d.objectives) for (const c of o.liveChecks ?? []) for (const a of c.apiCalls) add(readCalls, a, `${d.id}/${c.id}`);
    if (!drift) continue;
    const types = new Set(Object.values(readBaseline(d).Resources ?? {}).map((r) => r.Type));
    for (const type of types) {
      const reads = DRIFT_READ_ACTIONS[type];
      if (reads) reads.forEach((a) => add(readCalls, a, `drift: ${type}`));
      else if (!type.startsWith('Custom::')) unknown.add(type);
    }
  }
  // DescribeStackDriftDetectionStatus takes a detection id, not a stack: it cannot be scoped to a stack ARN.
  const unscoped = new Set(['cloudformation:DescribeStackDriftDetectionStatus']);
  const sorted = (m: Map<string, Set<string>>, keep: (a: string) => boolean) => [...m.keys()].filter(keep).sort();
  const statements: GraderPolicy['document']['Statement'][number][] = [
    { Sid: 'AwswoLabStacks', Effect: 'Allow', Action: sorted(stackCalls, (a) => !unscoped.has(a)), Resource: 'arn:*:cloudformation:*:*:stack/awswo-*/*' },
  ];
  const rest = [...sorted(stackCalls, (a) => unscoped.has(a)), ...sorted(readCalls, (a) => !stackCalls.has(a))].sort();
  if (rest.length) statements.push({ Sid: 'AwswoLiveChecksReadOnly', Effect: 'Allow', Action: rest, Resource: '*' });
  const all = new Map<string, Set<string>>();
  for (const m of [stackCalls, readCalls]) for (const [a, by] of m) all.set(a, new Set([...(all.get(a) ?? []), ...by]));
  return {
    document: { Version: '2012-10-17', Statement: statements },
    actions: [...all.keys()].sort().map((action) => ({ action, neededBy: [...all.get(action)!].sort() })),
    unknownTypes: [...unknown].sort(),
  };
}
