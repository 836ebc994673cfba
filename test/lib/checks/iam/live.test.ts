import { GetRoleCommand, ListAttachedRolePoliciesCommand, ListGroupsForUserCommand, ListUserPoliciesCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import drill from '../../../../drills/02-iam/iam-wildcard-role/drill';
import { readBaseline } from '../../../../lib/grading/baseline';
import { liveArn } from '../../../../lib/live/arns';
import { liveIamCanDo, liveIamCannotDo, liveRoleNoAdminPolicy, liveUserThroughGroup } from '../../../../lib/checks/iam/live';
import { CheckContext, ConstructResolver } from '../../../../lib/live/context';
import type { DeployedStack, LiveCheck } from '../../../../lib/model/live-check';
import { LiveSession } from '../../../../lib/live/session';
import { ARN, awsErrors, fakeAwsEnv, FIXED, LIST_RESOURCES_PAGE_1, LIST_RESOURCES_PAGE_2, mockLab, PHYSICAL, PRISTINE, REGION, STACK_ID, STACK_NAME, STUDENT } from '../../live/fixtures';

beforeAll(fakeAwsEnv);

const ALL = [...LIST_RESOURCES_PAGE_1.StackResourceSummaries, ...LIST_RESOURCES_PAGE_2.StackResourceSummaries];
const stack = (without: string[] = []): DeployedStack => ({
  stackName: STACK_NAME,
  stackId: STACK_ID,
  status: 'UPDATE_COMPLETE',
  outputs: {},
  resources: ALL.filter((r) => !without.includes(r.LogicalResourceId)).map((r) => ({ logicalId: r.LogicalResourceId, physicalId: r.PhysicalResourceId, type: r.ResourceType })),
});

async function run(check: LiveCheck, deployed = stack()) {
  const session = new LiveSession();
  await session.region();
  const ctx = new CheckContext({ drill, student: STUDENT, region: REGION, stackName: STACK_NAME, workspace: '/w', documents: {} }, deployed, session, new ConstructResolver(readBaseline(drill)));
  const verdict = await check.run(ctx);
  return { verdict, evidence: ctx.evidence };
}

let mocks: ReturnType<typeof mockLab>;
afterEach(() => {
  mocks.cfn.restore();
  mocks.iam.restore();
});

const OBJECTS = liveArn('ReportsBucket/Bucket', '/*');
const canRead = liveIamCanDo('c', 'AuditorUser', 'user', [{ action: 's3:GetObject', resource: OBJECTS }]);
const cannotDelete = liveIamCannotDo('c', 'OpsRole', 'role', [{ action: 'iam:CreateUser', resource: '*' }, { action: 's3:DeleteBucket', resource: liveArn('ReportsBucket/Bucket') }]);

describe('liveIamCanDo', () => {
  test('Compliance: the deployed principal can do what it needs', async () => {
    mocks = mockLab(FIXED);
    const { verdict, evidence } = await run(canRead);
    expect(verdict).toEqual({ status: 'pass', message: 'deployed AuditorUser can do all 1 things the workload needs' });
    expect(evidence.map((e) => e.call)).toEqual(['iam:GetUser', 'iam:SimulatePrincipalPolicy']);
    expect(evidence[1].request).toMatchObject({ PolicySourceArn: ARN.auditor, ActionNames: ['s3:GetObject'], ResourceArns: [ARN.objects] });
  });
  test('Noncompliance: a need the deployed policies do not grant', async () => {
    mocks = mockLab({ ...FIXED, grants: { ...FIXED.grants, [ARN.auditor]: [] } });
    expect((await run(canRead)).verdict).toEqual({ status: 'fail', message: `deployed AuditorUser cannot s3:GetObject on ${ARN.objects}, which the workload needs` });
  });
  test('Noncompliance: the principal is not in the deployed stack', async () => {
    mocks = mockLab(FIXED);
    expect((await run(canRead, stack(['AuditorUserC0F53FFF']))).verdict).toEqual({ status: 'fail', message: `AuditorUser is not in the deployed stack ${STACK_NAME}: fix it, don't delete it, and deploy` });
  });
  test('Noncompliance: a resource it names is not in the deployed stack', async () => {
    mocks = mockLab(FIXED);
    expect((await run(canRead, stack(['ReportsBucketCC96E0C8']))).verdict.message).toBe(`ReportsBucket/Bucket is not in the deployed stack ${STACK_NAME}: fix it, don't delete it, and deploy`);
  });
  test('error: the role was deleted by hand (NoSuchEntity)', async () => {
    mocks = mockLab(FIXED);
    mocks.iam.on(GetRoleCommand).rejects(awsErrors.noSuchRole());
    expect((await run(cannotDelete)).verdict).toEqual({ status: 'error', message: `OpsRole (${PHYSICAL.opsRole}) is in the stack but no longer exists in IAM: it was deleted outside CloudFormation; deploy the lab again` });
  });
  test('simulation results are read across pages', async () => {
    mocks = mockLab(FIXED);
    const result = (action: string, decision: string) => ({ EvalActionName: action, EvalResourceName: ARN.objects, EvalDecision: decision as 'allowed', MatchedStatements: [] });
    mocks.iam.on(SimulatePrincipalPolicyCommand)
      .resolvesOnce({ EvaluationResults: [result('s3:GetObject', 'allowed')], IsTruncated: true, Marker: 'page2' })
      .resolves({ EvaluationResults: [result('s3:PutObject', 'implicitDeny')], IsTruncated: false });
    const check = liveIamCanDo('c', 'ReportFunctionRole', 'role', [{ action: 's3:GetObject', resource: OBJECTS }, { action: 's3:PutObject', resource: OBJECTS }]);
    expect((await run(check)).verdict.message).toBe(`deployed ReportFunctionRole cannot s3:PutObject on ${ARN.objects}, which the workload needs`);
    expect(mocks.iam.commandCalls(SimulatePrincipalPolicyCommand)[1].args[0].input.Marker).toBe('page2');
  });
  test('SDK errors propagate unchanged, for the runner to report', async () => {
    mocks = mockLab(FIXED);
    mocks.iam.on(SimulatePrincipalPolicyCommand).rejects(awsErrors.iamDenied());
    await expect(run(canRead)).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('liveIamCannotDo', () => {
  test('Compliance: the deployed role is denied what it must not do', async () => {
    mocks = mockLab(FIXED);
    const { verdict, evidence } = await run(cannotDelete);
    expect(verdict).toEqual({ status: 'pass', message: 'deployed OpsRole is denied all 2 actions it must not have' });
    expect(evidence.filter((e) => e.call === 'iam:SimulatePrincipalPolicy').map((e) => e.request?.ResourceArns)).toEqual([['*'], [ARN.bucket]]);
  });
  test('Noncompliance: admin and wildcard grants still allow escalation', async () => {
    mocks = mockLab(PRISTINE);
    expect((await run(cannotDelete)).verdict).toEqual({ status: 'fail', message: `deployed OpsRole can still iam:CreateUser on *, s3:DeleteBucket on ${ARN.bucket}` });
  });
});

describe('liveRoleNoAdminPolicy', () => {
  const check = liveRoleNoAdminPolicy('c', 'OpsRole');
  test('Compliance: no admin managed policy attached', async () => {
    mocks = mockLab({ ...FIXED, opsAttached: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] });
    expect((await run(check)).verdict).toEqual({ status: 'pass', message: 'deployed OpsRole has no admin managed policy (1 attached)' });
  });
  test('Noncompliance 1: AdministratorAccess is still attached', async () => {
    mocks = mockLab(PRISTINE);
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'fail', message: 'deployed OpsRole still has AdministratorAccess attached' });
    expect(evidence).toEqual([{ call: 'iam:ListAttachedRolePolicies', request: { RoleName: PHYSICAL.opsRole }, observed: { AttachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] } }]);
  });
  test('Noncompliance 2: PowerUserAccess on the second page', async () => {
    mocks = mockLab(FIXED);
    mocks.iam.on(ListAttachedRolePoliciesCommand)
      .resolvesOnce({ AttachedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], IsTruncated: true, Marker: 'm2' })
      .resolves({ AttachedPolicies: [{ PolicyName: 'PowerUserAccess', PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' }], IsTruncated: false });
    expect((await run(check)).verdict.message).toBe('deployed OpsRole still has PowerUserAccess attached');
  });
  test('a customer policy that happens to be called AdministratorAccess is not the AWS one', async () => {
    mocks = mockLab({ ...FIXED, opsAttached: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::123456789012:policy/AdministratorAccess' }] });
    expect((await run(check)).verdict.status).toBe('pass');
  });
});

describe('liveUserThroughGroup', () => {
  const check = liveUserThroughGroup('c', 'AuditorUser');
  test('Compliance: no own policy, reads through a group', async () => {
    mocks = mockLab(FIXED);
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: `deployed AuditorUser holds no policy of its own and reads through ${FIXED.auditorGroups[0]}` });
    expect(evidence.map((e) => e.call)).toEqual(['iam:ListUserPolicies', 'iam:ListAttachedUserPolicies', 'iam:ListGroupsForUser']);
  });
  test('Noncompliance 1: an inline policy of its own', async () => {
    mocks = mockLab(PRISTINE);
    expect((await run(check)).verdict.message).toBe('deployed AuditorUser still holds inline policy AuditorUserDefaultPolicyECA0946D');
  });
  test('Noncompliance 2: no own policy, but in no group either', async () => {
    mocks = mockLab({ ...FIXED, auditorGroups: [] });
    expect((await run(check)).verdict.message).toBe('deployed AuditorUser has no policy of its own but is in no group: it cannot read the reports');
  });
  test('error: the user was deleted by hand', async () => {
    mocks = mockLab(FIXED);
    mocks.iam.on(ListUserPoliciesCommand).rejects(awsErrors.noSuchRole());
    expect((await run(check)).verdict.status).toBe('error');
    mocks.iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [] });
    mocks.iam.on(ListGroupsForUserCommand).rejects(awsErrors.throttled());
    await expect(run(check)).rejects.toMatchObject({ name: 'Throttling' });
  });
});

describe('iam-wildcard-role declares its live checks', () => {
  test('the three IAM objectives have live checks with declared calls and drift subjects; the runbook one has none', () => {
    const live = Object.fromEntries(drill.objectives.map((o) => [o.id, o.liveChecks ?? []]));
    expect(live['function-least-privilege'].map((c) => c.id)).toEqual(['function-live-can-work', 'function-live-nothing-more']);
    expect(live['ops-least-privilege'].map((c) => c.id)).toEqual(['ops-live-no-admin', 'ops-live-can-operate', 'ops-live-nothing-more']);
    expect(live['auditor-through-group'].map((c) => c.id)).toEqual(['auditor-live-through-group', 'auditor-live-can-read', 'auditor-live-nothing-more']);
    expect(live['change-recorded']).toEqual([]);
    for (const c of Object.values(live).flat()) {
      expect(c.apiCalls.length).toBeGreaterThan(0);
      expect(c.driftSubjects).toEqual([expect.stringMatching(/^(ReportFunctionRole|OpsRole|AuditorUser)$/)]);
      for (const a of c.apiCalls) expect(a).toMatch(/^iam:[A-Z][A-Za-z]+$/);
    }
  });
});
