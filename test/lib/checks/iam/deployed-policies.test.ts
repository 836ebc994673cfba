import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMServiceException,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListGroupPoliciesCommand,
  ListRolePoliciesCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import drill from '../../../../drills/02-iam/iam-wildcard-role/drill';
import { DeployedPolicy, evaluatePolicies, parsePolicyDocument, simulatorUnavailable } from '../../../../lib/checks/iam/deployed-policies';
import { gradeLive } from '../../../../lib/live/runner';
import { isLiveCheck, LiveCheckResult } from '../../../../lib/model/live-result';
import { LiveSession } from '../../../../lib/live/session';
import { ARN, fakeAwsEnv, FIXED, FIXED_GRANTS, mockLab, PHYSICAL, PRISTINE, PRISTINE_GRANTS, STUDENT, World } from '../../live/fixtures';
import { staticPass } from '../../live/static-results';

beforeAll(fakeAwsEnv);

const allow = (Action: string | string[], Resource: string | string[], extra: object = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: string | string[], Resource: string | string[], extra: object = {}) => ({ Effect: 'Deny', Action, Resource, ...extra });
const policy = (...statements: object[]): DeployedPolicy => ({ source: 'inline policy P', statements });
const decide = (p: DeployedPolicy[], action: string, resource: string) => evaluatePolicies(p, action, resource).decision;
const BUCKET = 'arn:aws:s3:::reports';

describe('evaluatePolicies: what the principal\'s own policies decide', () => {
  test.each([
    ['an exact Allow', [policy(allow('s3:GetObject', `${BUCKET}/*`))], 's3:GetObject', `${BUCKET}/a.txt`, 'allowed'],
    ['a wildcard Allow, any case', [policy(allow('S3:Get*', '*'))], 's3:GetObject', `${BUCKET}/a.txt`, 'allowed'],
    ['nothing matches', [policy(allow('s3:GetObject', `${BUCKET}/*`))], 's3:PutObject', `${BUCKET}/a.txt`, 'implicitDeny'],
    ['another resource', [policy(allow('s3:GetObject', 'arn:aws:s3:::other/*'))], 's3:GetObject', `${BUCKET}/a.txt`, 'implicitDeny'],
    ['an explicit Deny wins over an Allow', [policy(allow('*', '*')), policy(deny('iam:*', '*'))], 'iam:CreateUser', '*', 'explicitDeny'],
    ['NotAction allows everything else', [policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], 's3:DeleteBucket', BUCKET, 'allowed'],
    ['NotAction does not allow what it names', [policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], 'iam:CreateUser', '*', 'implicitDeny'],
    ['NotResource allows the other resources', [policy({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::other' })], 's3:DeleteBucket', BUCKET, 'allowed'],
    ['an Allow with a condition proves nothing', [policy(allow('s3:GetObject', '*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))], 's3:GetObject', BUCKET, 'conditional'],
    ['an Allow with a policy variable proves nothing', [policy(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'))], 's3:GetObject', 'arn:aws:s3:::home/alice/x', 'conditional'],
    ['a conditional Deny leaves an Allow unproven', [policy(allow('s3:*', '*'), deny('s3:*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }))], 's3:GetObject', BUCKET, 'conditional'],
    ['no policy at all', [], 's3:GetObject', BUCKET, 'implicitDeny'],
  ])('%s', (_name, policies, action, resource, want) => {
    expect(decide(policies as DeployedPolicy[], action, resource)).toBe(want);
  });
});

test('parsePolicyDocument reads IAM\'s URL-encoded documents and plain JSON', () => {
  const doc = { Version: '2012-10-17', Statement: [allow('s3:GetObject', `${BUCKET}/*`)] };
  expect(parsePolicyDocument(encodeURIComponent(JSON.stringify(doc)))).toEqual(doc.Statement);
  expect(parsePolicyDocument(JSON.stringify({ Statement: allow('*', '*') }))).toEqual([allow('*', '*')]);
  expect(parsePolicyDocument(undefined)).toEqual([]);
});

/** How moto_server answers an action it does not implement: an HTML 500 page the SDK cannot parse. */
const motoNotImplemented = () => Object.assign(new Error('@aws-sdk XML parse error: mismatched tags <html> and </title>.\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'), {
  $metadata: { httpStatusCode: 500, attempts: 5, totalRetryDelay: 1200 },
});
const iamError = (name: string, httpStatusCode: number) => new IAMServiceException({ name, $fault: httpStatusCode >= 500 ? 'server' : 'client', message: name, $metadata: { httpStatusCode } });

describe('simulatorUnavailable: only an endpoint without the action, never an IAM failure', () => {
  test.each([
    ['moto_server\'s unparseable HTTP 500', motoNotImplemented()],
    ['NotImplemented', iamError('NotImplemented', 400)],
    ['HTTP 501', iamError('Whatever', 501)],
  ])('unavailable: %s', (_name, err) => expect(simulatorUnavailable(err)).toBe(true));
  test.each([
    ['IAM ServiceFailure (a parsed 500)', iamError('ServiceFailure', 500)],
    ['AccessDenied', iamError('AccessDenied', 403)],
    ['Throttling', iamError('Throttling', 400)],
    ['a network error', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })],
  ])('an error, not a fallback: %s', (_name, err) => expect(simulatorUnavailable(err)).toBe(false));
});

/** Serves the world's grants as deployed policy documents, and a simulator that is missing. */
function withoutSimulator(world: World, grants: typeof FIXED_GRANTS) {
  const mocks = mockLab(world);
  const { iam } = mocks;
  iam.on(SimulatePrincipalPolicyCommand).rejects(motoNotImplemented());
  const doc = (rows: Array<[string, string, string]>) => encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: rows.map(([a, r]) => allow(a, r)) }));
  const inlineOf = (arn: string) => {
    const bySource = new Map<string, Array<[string, string, string]>>();
    for (const g of grants[arn] ?? []) if (g[2] !== 'AdministratorAccess') bySource.set(g[2], [...(bySource.get(g[2]) ?? []), g]);
    return bySource;
  };
  for (const [name, arn] of [[PHYSICAL.functionRole, ARN.functionRole], [PHYSICAL.opsRole, ARN.opsRole]] as const) {
    const inline = inlineOf(arn);
    iam.on(ListRolePoliciesCommand, { RoleName: name }).resolves({ PolicyNames: [...inline.keys()], IsTruncated: false });
    for (const [PolicyName, rows] of inline) iam.on(GetRolePolicyCommand, { RoleName: name, PolicyName }).resolves({ RoleName: name, PolicyName, PolicyDocument: doc(rows) });
  }
  iam.on(ListAttachedRolePoliciesCommand, { RoleName: PHYSICAL.functionRole }).resolves({ AttachedPolicies: [], IsTruncated: false });
  const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
  iam.on(GetPolicyCommand, { PolicyArn: admin }).resolves({ Policy: { Arn: admin, DefaultVersionId: 'v1' } });
  iam.on(GetPolicyVersionCommand, { PolicyArn: admin, VersionId: 'v1' }).resolves({ PolicyVersion: { VersionId: 'v1', Document: doc([['*', '*', 'AdministratorAccess']]) } });
  const auditor = inlineOf(ARN.auditor);
  for (const PolicyName of world.auditorInline) iam.on(GetUserPolicyCommand, { UserName: PHYSICAL.auditor, PolicyName }).resolves({ UserName: PHYSICAL.auditor, PolicyName, PolicyDocument: doc(auditor.get(PolicyName) ?? []) });
  for (const GroupName of world.auditorGroups) {
    iam.on(ListGroupPoliciesCommand, { GroupName }).resolves({ PolicyNames: [...auditor.keys()], IsTruncated: false });
    for (const [PolicyName, rows] of auditor) iam.on(GetGroupPolicyCommand, { GroupName, PolicyName }).resolves({ GroupName, PolicyName, PolicyDocument: doc(rows) });
    iam.on(ListAttachedGroupPoliciesCommand, { GroupName }).resolves({ AttachedPolicies: [], IsTruncated: false });
  }
  return mocks;
}

describe('IAM live checks where the endpoint has no policy simulator (moto_server)', () => {
  let mocks: ReturnType<typeof mockLab>;
  afterEach(() => {
    mocks.cfn.restore();
    mocks.iam.restore();
  });
  const grade = () => gradeLive(drill, staticPass(drill), { student: STUDENT, workspace: '/work/alice', session: new LiveSession(), drift: false });
  const live = (r: Awaited<ReturnType<typeof grade>>) => r.objectives.flatMap((o) => o.checks.filter(isLiveCheck) as LiveCheckResult[]);

  test('the reference fix passes, judged from its deployed policy documents; the simulator is asked once', async () => {
    mocks = withoutSimulator(FIXED, FIXED_GRANTS);
    const r = await grade();
    expect(live(r).filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(mocks.iam.commandCalls(SimulatePrincipalPolicyCommand)).toHaveLength(1);
    // Two checks judge OpsRole; its documents are read once, and both record them.
    expect(mocks.iam.commandCalls(GetRolePolicyCommand, { RoleName: PHYSICAL.opsRole })).toHaveLength(1);
    for (const id of ['ops-live-can-operate', 'ops-live-nothing-more']) expect(live(r).find((c) => c.id === id)!.evidence.map((e) => e.call)).toContain('iam:GetRolePolicy');
    const evaluation = live(r).find((c) => c.id === 'ops-live-can-operate')!.evidence.find((e) => e.call === 'iam:SimulatePrincipalPolicy')!;
    expect(evaluation.observed.simulator).toMatch(/^not available at this endpoint: awswo evaluated the 1 deployed policy document/);
    expect(evaluation.observed.EvaluationResults).toContainEqual({ EvalActionName: 'lambda:InvokeFunction', EvalResourceName: ARN.function, EvalDecision: 'allowed', MatchedStatements: ['inline policy OpsRoleDefaultPolicyA9DDDC55'] });
  });

  test('the pristine lab fails each IAM check for its own trap, as with the simulator', async () => {
    mocks = withoutSimulator(PRISTINE, PRISTINE_GRANTS);
    const byId = Object.fromEntries(live(await grade()).map((c) => [c.id, c]));
    expect(byId['function-live-nothing-more']).toMatchObject({ status: 'fail', message: expect.stringMatching(/^deployed ReportFunctionRole can still iam:CreateUser on \*/) });
    expect(byId['ops-live-nothing-more']).toMatchObject({ status: 'fail', message: expect.stringMatching(/^deployed OpsRole can still iam:CreateUser on \*/) });
    expect(byId['auditor-live-nothing-more']).toMatchObject({ status: 'fail', message: expect.stringContaining(`s3:PutObject on ${ARN.objects}`) });
    // What the workload needs is granted (by the wildcards), so those checks pass: they are not the trap.
    expect(byId['function-live-can-work'].status).toBe('pass');
  });

  test('an IAM failure of the simulator is an error, not a fallback', async () => {
    mocks = withoutSimulator(FIXED, FIXED_GRANTS);
    mocks.iam.on(SimulatePrincipalPolicyCommand).rejects(iamError('ServiceFailure', 500));
    await expect(grade()).rejects.toThrow(/ServiceFailure/);
  });
});
