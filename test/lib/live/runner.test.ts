import { CloudFormationClient, DescribeStackDriftDetectionStatusCommand, DescribeStacksCommand, DetectStackDriftCommand } from '@aws-sdk/client-cloudformation';
import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import drill from '../../../drills/02-iam/iam-wildcard-role/drill';
import { defineDrill } from '../../../lib/model/drill';
import { pass } from '../../../lib/model/verdict';
import { LiveError } from '../../../lib/live/errors';
import { gradeLive, LiveGradeOptions } from '../../../lib/live/runner';
import { isLiveCheck, LiveCheckResult, LiveGradeResult } from '../../../lib/model/live-result';
import { LiveSession } from '../../../lib/live/session';
import { ARN, awsErrors, describeStacks, drift, fakeAwsEnv, FIXED, mockLab, PHYSICAL, PRISTINE, REGION, STACK_ID, STACK_NAME, STUDENT } from './fixtures';
import { staticPass } from './static-results';

beforeAll(fakeAwsEnv);

/** A session that never sleeps: each sleep advances a fake clock. */
function fastSession(extra: Partial<LiveGradeOptions> = {}): { session: LiveSession; slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  const session = new LiveSession({
    region: extra.region,
    clock: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  });
  return { session, slept };
}

async function grade(extra: Partial<LiveGradeOptions> = {}, staticResult = staticPass(drill)): Promise<LiveGradeResult> {
  const { session } = fastSession(extra);
  return gradeLive(drill, staticResult, { student: STUDENT, workspace: '/work/alice', session, ...extra });
}

async function gradeError(extra: Partial<LiveGradeOptions> = {}): Promise<LiveError> {
  try {
    await grade(extra);
  } catch (err) {
    expect(err).toBeInstanceOf(LiveError);
    return err as LiveError;
  }
  throw new Error('expected a LiveError');
}

const liveChecksOf = (r: LiveGradeResult, objective: string) => r.objectives.find((o) => o.id === objective)!.checks.filter(isLiveCheck) as LiveCheckResult[];

let mocks: ReturnType<typeof mockLab>;
afterEach(() => {
  mocks?.cfn.restore();
  mocks?.iam.restore();
});

describe('gradeLive: the reference fix, deployed', () => {
  test('every objective with live checks passes, with evidence of each API call', async () => {
    mocks = mockLab(FIXED);
    const r = await grade();
    expect(r.passed).toBe(true);
    expect(r.live).toMatchObject({ student: STUDENT, stackName: STACK_NAME, stackId: STACK_ID, stackStatus: 'UPDATE_COMPLETE', region: REGION, regionSource: 'AWS_REGION', endpoint: 'http://127.0.0.1:9', warnings: [] });
    expect(r.live.drift).toMatchObject({ checked: true, stackStatus: 'IN_SYNC', detectionStatus: 'DETECTION_COMPLETE', drifted: [] });
    for (const o of r.objectives) expect(o.status).toBe('pass');
    const ops = liveChecksOf(r, 'ops-least-privilege');
    expect(ops.map((c) => c.id)).toEqual(['ops-live-no-admin', 'ops-live-can-operate', 'ops-live-nothing-more']);
    expect(ops[0].evidence).toEqual([{ call: 'iam:ListAttachedRolePolicies', request: { RoleName: PHYSICAL.opsRole }, observed: { AttachedPolicies: [] } }]);
    const canOperate = ops[1].evidence.filter((e) => e.call === 'iam:SimulatePrincipalPolicy');
    expect(canOperate.map((e) => e.request?.ResourceArns)).toEqual([[ARN.function], [ARN.bucket], [ARN.objects], [ARN.logGroup]]);
    expect(canOperate[0].observed).toEqual({ EvaluationResults: [{ EvalActionName: 'lambda:InvokeFunction', EvalResourceName: ARN.function, EvalDecision: 'allowed', MatchedStatements: ['OpsRoleDefaultPolicyA9DDDC55'] }] });
    // Static checks are kept; the runbook objective has no live checks and is left as it was.
    expect(r.objectives.find((o) => o.id === 'change-recorded')!.checks.some(isLiveCheck)).toBe(false);
  });

  test('stack resources are read across every ListStackResources page', async () => {
    mocks = mockLab(FIXED);
    await grade();
    expect(mocks.cfn.commandCalls(DescribeStacksCommand)[0].args[0].input).toEqual({ StackName: STACK_NAME });
    const pages = mocks.cfn.calls().filter((c) => (c.args[0] as { constructor: { name: string } }).constructor.name === 'ListStackResourcesCommand');
    expect(pages).toHaveLength(2);
  });

  test('simulations replace the guardrail boundary, so they judge the principal\'s own policies', async () => {
    mocks = mockLab(FIXED);
    await grade();
    for (const call of mocks.iam.commandCalls(SimulatePrincipalPolicyCommand)) {
      expect(JSON.parse(call.args[0].input.PermissionsBoundaryPolicyInputList![0])).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    }
  });
});

describe('gradeLive: the pristine lab, deployed', () => {
  test('each objective fails live for its own trap', async () => {
    mocks = mockLab(PRISTINE);
    const r = await grade();
    expect(r.passed).toBe(false);
    const byId = Object.fromEntries(r.objectives.map((o) => [o.id, o]));
    expect(byId['function-least-privilege']).toMatchObject({ status: 'fail', message: expect.stringMatching(/^live: deployed ReportFunctionRole can still iam:CreateUser on \*/) });
    expect(byId['ops-least-privilege']).toMatchObject({ status: 'fail', message: 'live: deployed OpsRole still has AdministratorAccess attached' });
    expect(byId['auditor-through-group']).toMatchObject({ status: 'fail', message: 'live: deployed AuditorUser still holds inline policy AuditorUserDefaultPolicyECA0946D' });
    expect(liveChecksOf(r, 'auditor-through-group').find((c) => c.id === 'auditor-live-nothing-more')!.message).toContain(`s3:PutObject on ${ARN.objects}`);
    expect(byId['change-recorded'].status).toBe('pass');
  });

  test('a static failure stays the objective\'s message even when the live checks pass', async () => {
    mocks = mockLab(FIXED);
    const s = staticPass(drill);
    const failing = { ...s, passed: false, objectives: s.objectives.map((o) => (o.id === 'ops-least-privilege' ? { ...o, status: 'fail' as const, message: 'OpsRole still has AdministratorAccess in lab.ts' } : o)) };
    const r = await grade({}, failing);
    expect(r.objectives.find((o) => o.id === 'ops-least-privilege')).toMatchObject({ status: 'fail', message: 'OpsRole still has AdministratorAccess in lab.ts' });
  });
});

describe('gradeLive: drift', () => {
  test('a live fix made by hand fails its objective: the next deploy would undo it', async () => {
    mocks = mockLab({
      ...FIXED,
      drifts: [drift('OpsRoleBC007320', PHYSICAL.opsRole, 'AWS::IAM::Role', ['/ManagedPolicyArns/0'])],
    });
    const r = await grade();
    const ops = r.objectives.find((o) => o.id === 'ops-least-privilege')!;
    expect(ops.status).toBe('fail');
    expect(ops.message).toBe('the live checks pass only because OpsRole (AWS::IAM::Role) was changed outside CloudFormation (/ManagedPolicyArns/0): the next deploy would undo this fix; make it in lab.ts and deploy it');
    expect(ops.drift).toEqual(['OpsRole (AWS::IAM::Role) was changed outside CloudFormation (/ManagedPolicyArns/0): the next deploy would undo this fix']);
    expect(r.objectives.find((o) => o.id === 'function-least-privilege')!.status).toBe('pass');
    expect(r.live.drift).toMatchObject({ stackStatus: 'DRIFTED', drifted: [{ logicalId: 'OpsRoleBC007320', constructId: 'OpsRole', status: 'MODIFIED' }] });
  });

  test('drift on a policy below the construct counts too (an inline policy deleted by hand)', async () => {
    mocks = mockLab({ ...FIXED, drifts: [drift('AuditorUserDefaultPolicyECA0946D', 'awswo-Audi-7bNm1Qw3Er5t', 'AWS::IAM::Policy', [], 'DELETED')] });
    const r = await grade();
    expect(r.objectives.find((o) => o.id === 'auditor-through-group')!.message).toContain('AuditorUser/DefaultPolicy (AWS::IAM::Policy) was deleted outside CloudFormation');
  });

  test('drift on a resource the checks only take an ARN from is a warning line, not a failure', async () => {
    mocks = mockLab({ ...FIXED, drifts: [drift('ReportsBucketCC96E0C8', PHYSICAL.bucket, 'AWS::S3::Bucket', ['/VersioningConfiguration/Status'])] });
    const r = await grade();
    expect(r.passed).toBe(true);
    expect(r.live.warnings).toEqual(['ReportsBucket/Bucket (AWS::S3::Bucket) was changed outside CloudFormation (/VersioningConfiguration/Status): the next deploy would undo this change']);
  });

  test('a check without driftSubjects owns every construct it looked up', async () => {
    mocks = mockLab({ ...FIXED, drifts: [drift('ReportsBucketCC96E0C8', PHYSICAL.bucket, 'AWS::S3::Bucket', ['/PublicAccessBlockConfiguration'])] });
    const bucketCheck = defineDrill({
      ...drill,
      objectives: drill.objectives.map((o) => (o.id === 'function-least-privilege' ? { ...o, liveChecks: [{ id: 'bucket-private', apiCalls: [], run: async (ctx) => (ctx.resource('ReportsBucket/Bucket') ? pass('private') : pass('?')) }] } : { ...o, liveChecks: [] })),
    });
    const { session } = fastSession();
    const r = await gradeLive(bucketCheck, staticPass(bucketCheck), { student: STUDENT, workspace: '/w', session });
    expect(r.objectives[0]).toMatchObject({ status: 'fail', drift: ['ReportsBucket/Bucket (AWS::S3::Bucket) was changed outside CloudFormation (/PublicAccessBlockConfiguration): the next deploy would undo this fix'] });
    expect(r.live.warnings).toEqual([]);
  });

  test('drift outside every objective is a warning line', async () => {
    mocks = mockLab({ ...FIXED, drifts: [drift('AwswoGuardrailsPermissionsBoundaryDE82216A', PHYSICAL.boundary, 'AWS::IAM::ManagedPolicy', ['/PolicyDocument/Statement/0'])] });
    const r = await grade();
    expect(r.passed).toBe(true);
    expect(r.live.warnings).toEqual(['AwswoGuardrails/PermissionsBoundary (AWS::IAM::ManagedPolicy) was changed outside CloudFormation (/PolicyDocument/Statement/0): the next deploy would undo this change']);
  });

  test('detection is polled with backoff and the wait is reported', async () => {
    mocks = mockLab(FIXED);
    const done = { $metadata: {}, StackId: STACK_ID, StackDriftDetectionId: 'x', StackDriftStatus: 'IN_SYNC' as const, DetectionStatus: 'DETECTION_COMPLETE' as const, Timestamp: new Date() };
    const busy = { ...done, StackDriftStatus: undefined, DetectionStatus: 'DETECTION_IN_PROGRESS' as const };
    mocks.cfn.on(DescribeStackDriftDetectionStatusCommand).resolvesOnce(busy).resolvesOnce(busy).resolvesOnce(busy).resolves(done);
    const { session, slept } = fastSession();
    const r = await gradeLive(drill, staticPass(drill), { student: STUDENT, workspace: '/w', session });
    expect(slept).toEqual([500, 1000, 2000]);
    expect(r.live.waits).toEqual([{ what: `drift detection of ${STACK_NAME}`, waitedMs: 3500, attempts: 4, outcome: 'ready' }]);
  });

  test('a detection that never finishes is an error', async () => {
    mocks = mockLab(FIXED);
    mocks.cfn.on(DescribeStackDriftDetectionStatusCommand).resolves({ $metadata: {}, StackId: STACK_ID, StackDriftDetectionId: 'x', DetectionStatus: 'DETECTION_IN_PROGRESS', Timestamp: new Date() });
    const err = await gradeError({ driftTimeoutMs: 10_000 });
    expect(err.message).toBe(`drift detection of stack ${STACK_NAME} did not finish within 10 s: grade again in a minute, or pass --skip-drift`);
  });

  test('a partial detection is a warning; --skip-drift skips it and says so', async () => {
    mocks = mockLab(FIXED);
    mocks.cfn.on(DescribeStackDriftDetectionStatusCommand).resolves({ $metadata: {}, StackId: STACK_ID, StackDriftDetectionId: 'x', StackDriftStatus: 'IN_SYNC', DetectionStatus: 'DETECTION_FAILED', DetectionStatusReason: 'Failed to detect drift on resources [ReportsBucketAutoDeleteObjectsCustomResource99604326]', Timestamp: new Date() });
    expect((await grade()).live.warnings).toEqual(['drift detection could not check every resource: Failed to detect drift on resources [ReportsBucketAutoDeleteObjectsCustomResource99604326]']);
    const skipped = await grade({ drift: false });
    expect(skipped.live.drift.checked).toBe(false);
    expect(skipped.live.warnings[0]).toMatch(/^drift detection skipped/);
    expect(mocks.cfn.commandCalls(DetectStackDriftCommand)).toHaveLength(1);
  });
});

describe('gradeLive: errors are one line, never a pass or a plain failure', () => {
  test('throttled after the SDK retries', async () => {
    mocks = mockLab(FIXED);
    mocks.iam.on(SimulatePrincipalPolicyCommand).rejects(awsErrors.throttled());
    expect((await gradeError()).message).toBe('AWS kept throttling iam:SimulatePrincipalPolicy after 5 attempts (Throttling) in live check function-live-can-work: wait a minute and grade again');
  });

  test('stack not found: says which region was used and suggests --region', async () => {
    mocks = mockLab(FIXED);
    mocks.cfn.on(DescribeStacksCommand).rejects(awsErrors.notFound());
    expect((await gradeError()).message).toBe(`stack ${STACK_NAME} not found in region ${REGION} (from AWS_REGION): deploy the lab first, or pass --region with the region it was deployed to`);
    expect((await gradeError({ region: 'us-east-2' })).message).toContain('not found in region us-east-2 (from --region)');
  });

  test('access denied names the missing action', async () => {
    mocks = mockLab(FIXED);
    mocks.cfn.on(DescribeStacksCommand).rejects(awsErrors.cfnDenied());
    expect((await gradeError()).message).toBe("access denied (cloudformation:DescribeStacks): the grader's credentials may not call cloudformation:DescribeStacks; run awswo grader-policy for the policy a grader needs");
  });

  test('access denied in a live check names the check and the action, from the message or the declared calls', async () => {
    mocks = mockLab(FIXED);
    mocks.iam.on(SimulatePrincipalPolicyCommand).rejects(awsErrors.iamDenied());
    expect((await gradeError()).message).toBe("access denied (live check function-live-can-work, iam:SimulatePrincipalPolicy): the grader's credentials may not call iam:SimulatePrincipalPolicy; run awswo grader-policy for the policy a grader needs");
    mocks.iam.on(SimulatePrincipalPolicyCommand).rejects(awsErrors.bareDenied());
    expect((await gradeError()).message).toContain("may not call iam:SimulatePrincipalPolicy");
  });

  test('expired token', async () => {
    mocks = mockLab(FIXED);
    mocks.cfn.on(DescribeStacksCommand).rejects(awsErrors.expired());
    expect((await gradeError()).message).toBe('the AWS credentials have expired (ExpiredToken) (cloudformation:DescribeStacks): refresh them (e.g. aws sso login, or a new session) and grade again');
  });

  test('no credentials', async () => {
    mocks = mockLab(FIXED);
    mocks.cfn.on(DescribeStacksCommand).rejects(awsErrors.noCredentials());
    expect((await gradeError()).message).toBe('no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (live checks use the standard AWS SDK credential chain)');
  });

  test('no region', async () => {
    mocks = mockLab(FIXED);
    const saved = { region: process.env.AWS_REGION, config: process.env.AWS_CONFIG_FILE };
    delete process.env.AWS_REGION;
    process.env.AWS_CONFIG_FILE = '/nonexistent/awswo-test-config';
    try {
      expect((await gradeError()).message).toBe('no AWS region: pass --region, set AWS_REGION, or set a region in your AWS_PROFILE');
    } finally {
      process.env.AWS_REGION = saved.region;
      if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE;
      else process.env.AWS_CONFIG_FILE = saved.config;
    }
    expect(mocks.cfn.calls()).toHaveLength(0);
  });

  test.each([
    ['ROLLBACK_COMPLETE', `stack ${STACK_NAME} is in ROLLBACK_COMPLETE: its first deploy failed and nothing is left to check; delete it (npx cdk destroy ${STACK_NAME}), fix the error and deploy again`],
    ['UPDATE_ROLLBACK_FAILED', `stack ${STACK_NAME} is in UPDATE_ROLLBACK_FAILED: a deploy failed and could not roll back; run aws cloudformation continue-update-rollback --stack-name ${STACK_NAME}, then deploy again`],
    ['CREATE_FAILED', `stack ${STACK_NAME} is in CREATE_FAILED: fix the failed deploy (see the stack events), then grade again`],
    ['DELETE_IN_PROGRESS', `stack ${STACK_NAME} is in DELETE_IN_PROGRESS: the lab is being or has been deleted (it may have expired); deploy it again to grade it live`],
    ['DELETE_FAILED', `stack ${STACK_NAME} is in DELETE_FAILED: the lab is being or has been deleted (it may have expired); deploy it again to grade it live`],
    ['UPDATE_IN_PROGRESS', `stack ${STACK_NAME} is in UPDATE_IN_PROGRESS: wait until the deploy finishes, then grade again`],
  ])('a stack in %s is an error', async (status, message) => {
    mocks = mockLab({ ...FIXED, stackStatus: status });
    expect((await gradeError()).message).toBe(message);
    expect(mocks.iam.calls()).toHaveLength(0);
  });

  test('a rolled-back update is graded, with a warning', async () => {
    mocks = mockLab({ ...FIXED, stackStatus: 'UPDATE_ROLLBACK_COMPLETE' });
    const r = await grade();
    expect(r.live.warnings).toContain(`the last deploy of ${STACK_NAME} failed and was rolled back (UPDATE_ROLLBACK_COMPLETE): the live checks see the version before it`);
  });

  test('a bug in a live check is a check error, not a crash and not a pass', async () => {
    mocks = mockLab(FIXED);
    const buggy = defineDrill({
      ...drill,
      objectives: drill.objectives.map((o) => (o.id === 'ops-least-privilege' ? { ...o, liveChecks: [{ id: 'buggy', apiCalls: [], run: async () => { throw new TypeError("Cannot read properties of undefined (reading 'Arn')"); } }] } : o)),
    });
    const { session } = fastSession();
    const r = await gradeLive(buggy, staticPass(buggy), { student: STUDENT, workspace: '/w', session });
    expect(r.objectives.find((o) => o.id === 'ops-least-privilege')).toMatchObject({ status: 'error', message: "live: live check could not run: Cannot read properties of undefined (reading 'Arn')" });
  });

  test('a drill without live checks does not touch AWS', async () => {
    const cfn = mockClient(CloudFormationClient);
    const iam = mockClient(IAMClient);
    const noLive = defineDrill({ ...drill, objectives: drill.objectives.map(({ liveChecks: _drop, ...o }) => o) });
    const { session } = fastSession();
    const r = await gradeLive(noLive, staticPass(noLive), { student: STUDENT, workspace: '/w', session });
    expect(r.live.warnings).toEqual(['iam-wildcard-role has no live checks yet: graded statically only']);
    expect(cfn.calls()).toHaveLength(0);
    expect(iam.calls()).toHaveLength(0);
    cfn.restore();
    iam.restore();
  });
});

describe('LiveContext', () => {
  test('resource() maps construct ids through the baseline, and falls back to the student template', async () => {
    mocks = mockLab(FIXED);
    mocks.cfn.on(DescribeStacksCommand).resolves(describeStacks());
    const seen: Record<string, unknown> = {};
    const probe = defineDrill({
      ...drill,
      objectives: drill.objectives.map((o, i) => (i === 0 ? {
        ...o,
        liveChecks: [{
          id: 'probe',
          apiCalls: [],
          run: async (ctx) => {
            seen.role = ctx.resource('OpsRole');
            seen.bucket = ctx.resource('ReportsBucket/Bucket');
            seen.group = ctx.resource('AuditorsGroup');
            seen.missing = ctx.resource('NoSuchThing');
            seen.sameClient = ctx.client(IAMClient) === ctx.client(IAMClient);
            return pass('ok');
          },
        }],
      } : { ...o, liveChecks: [] })),
    });
    const { session } = fastSession();
    const studentTemplate = { Resources: { AuditorsGroupD1E2F3A4: { Type: 'AWS::IAM::Group', Metadata: { 'aws:cdk:path': 'awswo-grader-iam-wildcard-role/AuditorsGroup/Resource' } } } };
    mocks.cfn.on(DescribeStackDriftDetectionStatusCommand).resolves({ $metadata: {}, StackId: STACK_ID, StackDriftDetectionId: 'x', StackDriftStatus: 'IN_SYNC', DetectionStatus: 'DETECTION_COMPLETE', Timestamp: new Date() });
    const { ListStackResourcesCommand } = await import('@aws-sdk/client-cloudformation');
    mocks.cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [
      { LogicalResourceId: 'OpsRoleBC007320', PhysicalResourceId: PHYSICAL.opsRole, ResourceType: 'AWS::IAM::Role', ResourceStatus: 'UPDATE_COMPLETE', LastUpdatedTimestamp: new Date() },
      { LogicalResourceId: 'ReportsBucketCC96E0C8', PhysicalResourceId: PHYSICAL.bucket, ResourceType: 'AWS::S3::Bucket', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
      { LogicalResourceId: 'AuditorsGroupD1E2F3A4', PhysicalResourceId: 'awswo-alice-AuditorsGroup-X', ResourceType: 'AWS::IAM::Group', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
    ] });
    await gradeLive(probe, staticPass(probe), { student: STUDENT, workspace: '/w', session, studentTemplate: () => studentTemplate });
    expect(seen).toEqual({
      role: { logicalId: 'OpsRoleBC007320', physicalId: PHYSICAL.opsRole, type: 'AWS::IAM::Role' },
      bucket: { logicalId: 'ReportsBucketCC96E0C8', physicalId: PHYSICAL.bucket, type: 'AWS::S3::Bucket' },
      group: { logicalId: 'AuditorsGroupD1E2F3A4', physicalId: 'awswo-alice-AuditorsGroup-X', type: 'AWS::IAM::Group' },
      missing: undefined,
      sameClient: true,
    });
  });
});
