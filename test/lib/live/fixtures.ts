/**
 * Recorded-shape AWS responses for a deployed iam-wildcard-role lab (student alice, eu-west-1),
 * and a tiny IAM policy engine that answers SimulatePrincipalPolicy like IAM would for the pristine
 * lab or the reference fix. Tests never reach the network: every client is mocked, the
 * credentials are fake, and AWS_ENDPOINT_URL points at a closed local port as a tripwire.
 */
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  StackResourceDrift,
} from '@aws-sdk/client-cloudformation';
import {
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  IAMServiceException,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  NoSuchEntityException,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { CredentialsProviderError } from '@smithy/core/config';
import { mockClient } from 'aws-sdk-client-mock';
import { iamMatch } from '../../../lib/checks/iam/pattern';
import type { Drill } from '../../../lib/model/drill';
import { readBaseline } from '../../../lib/grading/baseline';
import { CheckContext, ConstructResolver } from '../../../lib/live/context';
import type { DeployedResource, DeployedStack, LiveCheck } from '../../../lib/model/live-check';
import { LiveSession } from '../../../lib/live/session';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const STUDENT = 'alice';
export const STACK_NAME = 'awswo-alice-iam-wildcard-role';
export const STACK_ID = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${STACK_NAME}/5b9c6d40-7f3e-11ef-9a1b-0a1b2c3d4e5f`;

/** The environment every live test runs in. */
export function fakeAwsEnv(): void {
  process.env.AWS_REGION = REGION;
  process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
}

export const PHYSICAL = {
  bucket: 'awswo-alice-iam-wildcard-reportsbucketcc96e0c8-k2mn4q7r9s1t',
  logGroup: 'awswo-alice-iam-wildcard-role-ReportLogsF125A828-wPq3Xy7Zb2Lk',
  functionRole: 'awswo-alice-iam-wildcard-ReportFunctionRoleC92E40-8Hj2Kl4Mn6Pq',
  function: 'awswo-alice-iam-wildcard-ro-ReportFunction3CBC8DF1-Tz5Vx7Bn9Mq1',
  opsRole: 'awswo-alice-iam-wildcard-role-OpsRoleBC007320-Rt6Yu8Io0Pa2',
  auditor: 'awswo-alice-iam-wildcard-role-AuditorUserC0F53FFF-Gh3Jk5Lm7Np9',
  boundary: `arn:aws:iam::${ACCOUNT}:policy/awswo-alice-iam-wildcard-role-AwswoGuardrailsPermissionsBoundaryDE82-1A2B3C4D5E6F`,
} as const;

export const ARN = {
  bucket: `arn:aws:s3:::${PHYSICAL.bucket}`,
  objects: `arn:aws:s3:::${PHYSICAL.bucket}/*`,
  logGroup: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${PHYSICAL.logGroup}:*`,
  function: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${PHYSICAL.function}`,
  functionRole: `arn:aws:iam::${ACCOUNT}:role/${PHYSICAL.functionRole}`,
  opsRole: `arn:aws:iam::${ACCOUNT}:role/${PHYSICAL.opsRole}`,
  auditor: `arn:aws:iam::${ACCOUNT}:user/${PHYSICAL.auditor}`,
} as const;

const meta = (requestId = 'c6a5f1d2-0b7e-4c3a-9f8e-1d2c3b4a5f60') => ({ httpStatusCode: 200, requestId, attempts: 1, totalRetryDelay: 0 });
const when = new Date('2026-03-02T09:14:07.512Z');

export function describeStacks(status = 'UPDATE_COMPLETE', reason?: string) {
  return {
    $metadata: meta(),
    Stacks: [{
      StackId: STACK_ID,
      StackName: STACK_NAME,
      Description: 'awswo lab iam-wildcard-role for alice',
      CreationTime: when,
      LastUpdatedTime: when,
      StackStatus: status as never,
      StackStatusReason: reason,
      DisableRollback: false,
      NotificationARNs: [],
      Capabilities: ['CAPABILITY_IAM' as const],
      Outputs: [],
      Tags: [{ Key: 'awswo:student', Value: STUDENT }, { Key: 'awswo:drill', Value: 'iam-wildcard-role' }],
      EnableTerminationProtection: false,
      DriftInformation: { StackDriftStatus: 'NOT_CHECKED' as const },
    }],
  };
}

const summary = (LogicalResourceId: string, PhysicalResourceId: string, ResourceType: string) => ({
  LogicalResourceId,
  PhysicalResourceId,
  ResourceType,
  LastUpdatedTimestamp: when,
  ResourceStatus: 'CREATE_COMPLETE' as const,
  DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' as const },
});

/** Two pages, like ListStackResources returns for bigger stacks. */
export const LIST_RESOURCES_PAGE_1 = {
  $metadata: meta(),
  NextToken: 'eyJsYXN0IjoiUmVwb3J0RnVuY3Rpb25Sb2xlIn0=',
  StackResourceSummaries: [
    summary('ReportsBucketCC96E0C8', PHYSICAL.bucket, 'AWS::S3::Bucket'),
    summary('ReportsBucketPolicy8612DB28', PHYSICAL.bucket, 'AWS::S3::BucketPolicy'),
    summary('ReportLogsF125A828', PHYSICAL.logGroup, 'AWS::Logs::LogGroup'),
    summary('ReportFunctionRoleC92E4085', PHYSICAL.functionRole, 'AWS::IAM::Role'),
    summary('ReportFunctionRoleDefaultPolicy501C6AE5', 'awswo-Repo-8sKJ2mQ4nR6t', 'AWS::IAM::Policy'),
  ],
};
export const LIST_RESOURCES_PAGE_2 = {
  $metadata: meta(),
  StackResourceSummaries: [
    summary('ReportFunction3CBC8DF1', PHYSICAL.function, 'AWS::Lambda::Function'),
    summary('OpsRoleBC007320', PHYSICAL.opsRole, 'AWS::IAM::Role'),
    summary('OpsRoleDefaultPolicyA9DDDC55', 'awswo-OpsR-3vLp9Wq2Xz5c', 'AWS::IAM::Policy'),
    summary('AuditorUserC0F53FFF', PHYSICAL.auditor, 'AWS::IAM::User'),
    summary('AuditorUserDefaultPolicyECA0946D', 'awswo-Audi-7bNm1Qw3Er5t', 'AWS::IAM::Policy'),
    summary('AwswoGuardrailsPermissionsBoundaryDE82216A', PHYSICAL.boundary, 'AWS::IAM::ManagedPolicy'),
  ],
};

/** What each principal's own policies allow: [action pattern, resource pattern, source policy]. */
type Grants = Record<string, Array<[string, string, string]>>;

export const PRISTINE_GRANTS: Grants = {
  [ARN.functionRole]: [['*', '*', 'ReportFunctionRoleDefaultPolicy501C6AE5']],
  [ARN.opsRole]: [['*', '*', 'AdministratorAccess'], ['*', '*', 'OpsRoleDefaultPolicyA9DDDC55']],
  [ARN.auditor]: [['s3:*', '*', 'AuditorUserDefaultPolicyECA0946D']],
};

export const FIXED_GRANTS: Grants = {
  [ARN.functionRole]: [
    ['s3:GetObject', ARN.objects, 'ReportFunctionRoleDefaultPolicy501C6AE5'],
    ['s3:PutObject', ARN.objects, 'ReportFunctionRoleDefaultPolicy501C6AE5'],
    ['logs:CreateLogStream', ARN.logGroup, 'ReportFunctionRoleDefaultPolicy501C6AE5'],
    ['logs:PutLogEvents', ARN.logGroup, 'ReportFunctionRoleDefaultPolicy501C6AE5'],
  ],
  [ARN.opsRole]: [
    ['lambda:InvokeFunction', ARN.function, 'OpsRoleDefaultPolicyA9DDDC55'],
    ['s3:ListBucket', ARN.bucket, 'OpsRoleDefaultPolicyA9DDDC55'],
    ['s3:GetObject', ARN.objects, 'OpsRoleDefaultPolicyA9DDDC55'],
    ['logs:FilterLogEvents', ARN.logGroup, 'OpsRoleDefaultPolicyA9DDDC55'],
  ],
  [ARN.auditor]: [
    ['s3:ListBucket', ARN.bucket, 'AuditorsGroupDefaultPolicy1F2E3D4C'],
    ['s3:GetObject', ARN.objects, 'AuditorsGroupDefaultPolicy1F2E3D4C'],
  ],
};

/** SimulatePrincipalPolicy as IAM answers it, from the grants above. */
export function simulator(grants: Grants) {
  return (input: { PolicySourceArn: string; ActionNames: string[]; ResourceArns?: string[] }) => {
    const own = grants[input.PolicySourceArn] ?? [];
    const EvaluationResults = input.ActionNames.flatMap((action) =>
      (input.ResourceArns ?? ['*']).map((resource) => {
        const matched = own.filter(([a, r]) => iamMatch(a, action) && iamMatch(r, resource));
        return {
          EvalActionName: action,
          EvalResourceName: resource,
          EvalDecision: matched.length ? 'allowed' : 'implicitDeny',
          MatchedStatements: matched.map(([, , source]) => ({
            SourcePolicyId: source,
            SourcePolicyType: source === 'AdministratorAccess' ? 'aws-managed' : 'IAM Policy',
            StartPosition: { Line: 1, Column: 38 },
            EndPosition: { Line: 1, Column: 91 },
          })),
          MissingContextValues: [],
          EvalDecisionDetails: {},
          PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: true },
        };
      }),
    );
    return { $metadata: meta(), EvaluationResults, IsTruncated: false };
  };
}

export interface World {
  readonly stackStatus?: string;
  /** What GetTemplate returns; default: the pristine lab as deployed for alice. */
  readonly templateBody?: string;
  readonly grants: Grants;
  readonly opsAttached: Array<{ PolicyName: string; PolicyArn: string }>;
  readonly auditorInline: string[];
  readonly auditorGroups: string[];
  readonly drifts?: StackResourceDrift[];
}

export const PRISTINE: World = {
  grants: PRISTINE_GRANTS,
  opsAttached: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
  auditorInline: ['AuditorUserDefaultPolicyECA0946D'],
  auditorGroups: [],
};

export const FIXED: World = {
  grants: FIXED_GRANTS,
  opsAttached: [],
  auditorInline: [],
  auditorGroups: ['awswo-alice-iam-wildcard-role-AuditorsGroup8D4B7A2C-Qw1Er3Ty5Ui7'],
};

const role = (name: string, arn: string) => ({
  $metadata: meta(),
  Role: {
    Path: '/',
    RoleName: name,
    RoleId: 'AROA3XFRBF535PLBIFPI4',
    Arn: arn,
    CreateDate: when,
    AssumeRolePolicyDocument: '%7B%22Version%22%3A%222012-10-17%22%7D',
    MaxSessionDuration: 3600,
    PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy' as const, PermissionsBoundaryArn: PHYSICAL.boundary },
    Tags: [{ Key: 'awswo:student', Value: STUDENT }],
  },
});

/** A drifted resource, shaped like DescribeStackResourceDrifts returns it. */
export function drift(logicalId: string, physicalId: string, type: string, paths: string[], status: 'MODIFIED' | 'DELETED' = 'MODIFIED'): StackResourceDrift {
  return {
    StackId: STACK_ID,
    LogicalResourceId: logicalId,
    PhysicalResourceId: physicalId,
    ResourceType: type,
    ExpectedProperties: '{}',
    ActualProperties: '{}',
    PropertyDifferences: paths.map((PropertyPath) => ({ PropertyPath, ExpectedValue: '"arn:aws:iam::aws:policy/AdministratorAccess"', ActualValue: 'null', DifferenceType: 'REMOVE' as const })),
    StackResourceDriftStatus: status,
    Timestamp: when,
  };
}

/** The pristine iam-wildcard-role lab as `cdk deploy` would have deployed it for alice in ACCOUNT/REGION. */
export function deployedPristine(): string {
  const { BASELINE_IDENTITY } = require('../../../lib/sandbox/identity') as typeof import('../../../lib/sandbox/identity');
  const drill = (require('../../../drills/registry') as typeof import('../../../drills/registry')).catalog.find('iam-wildcard-role')!;
  return JSON.stringify(readBaseline(drill)).split(BASELINE_IDENTITY.student).join(STUDENT).split(BASELINE_IDENTITY.account).join(ACCOUNT);
}

/** Mocks CloudFormation and IAM for a deployed lab in the given state; returns the mocks. */
export function mockLab(world: World) {
  const cfn = mockClient(CloudFormationClient);
  const iam = mockClient(IAMClient);
  cfn.on(DescribeStacksCommand).resolves(describeStacks(world.stackStatus));
  cfn.on(GetTemplateCommand).resolves({ $metadata: meta(), TemplateBody: world.templateBody ?? deployedPristine() });
  cfn.on(ListStackResourcesCommand).resolves(LIST_RESOURCES_PAGE_1);
  cfn.on(ListStackResourcesCommand, { NextToken: LIST_RESOURCES_PAGE_1.NextToken }).resolves(LIST_RESOURCES_PAGE_2);
  cfn.on(DetectStackDriftCommand).resolves({ $metadata: meta(), StackDriftDetectionId: 'b3f4c1a0-5e6d-11ef-8c2b-0a1b2c3d4e5f' });
  const drifted = world.drifts ?? [];
  cfn.on(DescribeStackDriftDetectionStatusCommand).resolves({
    $metadata: meta(),
    StackId: STACK_ID,
    StackDriftDetectionId: 'b3f4c1a0-5e6d-11ef-8c2b-0a1b2c3d4e5f',
    StackDriftStatus: drifted.length ? 'DRIFTED' : 'IN_SYNC',
    DetectionStatus: 'DETECTION_COMPLETE',
    DriftedStackResourceCount: drifted.length,
    Timestamp: when,
  });
  cfn.on(DescribeStackResourceDriftsCommand).resolves({ $metadata: meta(), StackResourceDrifts: drifted });

  iam.on(GetRoleCommand, { RoleName: PHYSICAL.functionRole }).resolves(role(PHYSICAL.functionRole, ARN.functionRole));
  iam.on(GetRoleCommand, { RoleName: PHYSICAL.opsRole }).resolves(role(PHYSICAL.opsRole, ARN.opsRole));
  iam.on(GetUserCommand, { UserName: PHYSICAL.auditor }).resolves({
    $metadata: meta(),
    User: { Path: '/', UserName: PHYSICAL.auditor, UserId: 'AIDA3XFRBF53VQKNYHQNR', Arn: ARN.auditor, CreateDate: when, PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy' as const, PermissionsBoundaryArn: PHYSICAL.boundary } },
  });
  iam.on(SimulatePrincipalPolicyCommand).callsFake(simulator(world.grants));
  iam.on(ListAttachedRolePoliciesCommand).resolves({ $metadata: meta(), AttachedPolicies: world.opsAttached, IsTruncated: false });
  iam.on(ListUserPoliciesCommand).resolves({ $metadata: meta(), PolicyNames: world.auditorInline, IsTruncated: false });
  iam.on(ListAttachedUserPoliciesCommand).resolves({ $metadata: meta(), AttachedPolicies: [], IsTruncated: false });
  iam.on(ListGroupsForUserCommand).resolves({
    $metadata: meta(),
    Groups: world.auditorGroups.map((GroupName) => ({ Path: '/', GroupName, GroupId: 'AGPA3XFRBF53ZJ6V4GXQ2', Arn: `arn:aws:iam::${ACCOUNT}:group/${GroupName}`, CreateDate: when })),
    IsTruncated: false,
  });
  return { cfn, iam };
}

/** Errors exactly as the SDK builds them for these services (query protocol: name = error code). */
export const awsErrors = {
  throttled: () => new CloudFormationServiceException({ name: 'Throttling', $fault: 'client', message: 'Rate exceeded', $metadata: { httpStatusCode: 400, requestId: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b', attempts: 5, totalRetryDelay: 2875 } }),
  notFound: () => new CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', message: `Stack with id ${STACK_NAME} does not exist`, $metadata: { httpStatusCode: 400, requestId: 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d', attempts: 1, totalRetryDelay: 0 } }),
  cfnDenied: () => new CloudFormationServiceException({ name: 'AccessDenied', $fault: 'client', message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/awswo-grader/ci is not authorized to perform: cloudformation:DescribeStacks on resource: ${STACK_ID} because no identity-based policy allows the cloudformation:DescribeStacks action`, $metadata: { httpStatusCode: 403, requestId: '0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a', attempts: 1, totalRetryDelay: 0 } }),
  iamDenied: () => new IAMServiceException({ name: 'AccessDenied', $fault: 'client', message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/awswo-grader/ci is not authorized to perform: iam:SimulatePrincipalPolicy on resource: role ${PHYSICAL.opsRole} because no identity-based policy allows the iam:SimulatePrincipalPolicy action`, $metadata: { httpStatusCode: 403, requestId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d', attempts: 1, totalRetryDelay: 0 } }),
  /** EC2-style denial: no action in the message. */
  bareDenied: () => new IAMServiceException({ name: 'AccessDenied', $fault: 'client', message: 'Access denied', $metadata: { httpStatusCode: 403, requestId: '6b5c4d3e-2f1a-4b0c-9d8e-7f6a5b4c3d2e', attempts: 1, totalRetryDelay: 0 } }),
  expired: () => new CloudFormationServiceException({ name: 'ExpiredToken', $fault: 'client', message: 'The security token included in the request is expired', $metadata: { httpStatusCode: 400, requestId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a', attempts: 1, totalRetryDelay: 0 } }),
  noCredentials: () => new CredentialsProviderError('Could not load credentials from any providers', { tryNextLink: false }),
  noSuchRole: () => new NoSuchEntityException({ message: `The role with name ${PHYSICAL.opsRole} cannot be found.`, $metadata: { httpStatusCode: 404, requestId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', attempts: 1, totalRetryDelay: 0 } }),
};

/**
 * A deployed lab stack of `drill` holding `resources`, and a way to run one live check against it
 * with real SDK clients (mock them with aws-sdk-client-mock): `stack(without)` drops resources as
 * if the student deleted them; `run(check, deployed?)` returns the verdict and recorded evidence.
 */
export function liveHarness(drill: Drill, resources: readonly DeployedResource[]) {
  const stackName = `awswo-${STUDENT}-${drill.id}`;
  const stack = (without: string[] = []): DeployedStack => ({
    stackName,
    stackId: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${stackName}/5b9c6d40-7f3e-11ef-9a1b-0a1b2c3d4e5f`,
    status: 'UPDATE_COMPLETE',
    outputs: {},
    resources: resources.filter((r) => !without.includes(r.logicalId)),
  });
  async function run(check: LiveCheck, deployed = stack()) {
    const session = new LiveSession();
    await session.region();
    const ctx = new CheckContext({ drill, student: STUDENT, region: REGION, stackName, workspace: '/w', documents: {} }, deployed, session, new ConstructResolver(readBaseline(drill)));
    const verdict = await check.run(ctx);
    return { verdict, evidence: ctx.evidence };
  }
  return { stackName, stack, run };
}
