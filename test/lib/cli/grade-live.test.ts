import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { awsErrors, fakeAwsEnv, FIXED, mockLab, PHYSICAL, PRISTINE, REGION, STACK_NAME } from '../live/fixtures';
import { makeWorkspace, removeWorkspace } from '../../support/workspace';
import { main } from '../../../lib/cli/main';
import { catalog } from '../../../drills/registry';
import { graderPolicy } from '../../../lib/live/grader-policy';
import { useSynthMemo } from '../../support/synth-memo';

useSynthMemo();

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) }, catalog);
  return { code, out, err };
}

beforeAll(fakeAwsEnv);

const drill = catalog.find('iam-wildcard-role')!;
/** A workspace with the reference solution: the static grade passes for real, in the sandbox. */
let solved: string;
beforeAll(() => {
  solved = makeWorkspace([drill], { solved: true });
});
afterAll(() => removeWorkspace(solved));
let mocks: ReturnType<typeof mockLab>;
afterEach(() => {
  mocks?.cfn.restore();
  mocks?.iam.restore();
  jest.restoreAllMocks();
});

describe('awswo grade --live (in-process, every AWS client mocked)', () => {
  test('the pristine lab, deployed: exit 1, live evidence in the json report', async () => {
    mocks = mockLab(PRISTINE);
    const r = await run('grade', 'iam-wildcard-role', '--live', '--student', 'alice', '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.live).toMatchObject({ student: 'alice', stackName: STACK_NAME, region: REGION, regionSource: 'AWS_REGION', drift: { checked: true, stackStatus: 'IN_SYNC' } });
    const ops = report.objectives.find((o: { id: string }) => o.id === 'ops-least-privilege');
    expect(ops.status).toBe('fail');
    const noAdmin = ops.checks.find((c: { id: string }) => c.id === 'ops-live-no-admin');
    expect(noAdmin).toEqual({
      id: 'ops-live-no-admin',
      kind: 'live',
      status: 'fail',
      message: 'deployed OpsRole still has AdministratorAccess attached',
      evidence: [{ call: 'iam:ListAttachedRolePolicies', request: { RoleName: PHYSICAL.opsRole }, observed: { AttachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] } }],
      waits: [],
    });
  });

  test('the fixed lab, deployed (the reference solution: the static grade passes): exit 0, text shows the evidence briefly', async () => {
    mocks = mockLab(FIXED);
    const r = await run('grade', 'iam-wildcard-role', '--workspace', solved, '--live', '--student', 'alice');
    expect(r.code).toBe(0);
    expect(r.out).toContain('         live ops-live-no-admin: pass');
    expect(r.out).toContain(`           iam:ListAttachedRolePolicies RoleName=${PHYSICAL.opsRole} → AttachedPolicies: []`);
    expect(r.out).toContain(`           iam:SimulatePrincipalPolicy role/${PHYSICAL.opsRole} on function:${PHYSICAL.function} → lambda:InvokeFunction: allowed`);
    expect(r.out).toContain(`  live: stack ${STACK_NAME} (UPDATE_COMPLETE) in ${REGION} (from AWS_REGION) via http://127.0.0.1:9; drift: IN_SYNC`);
    for (const line of r.out.split("\n").filter((l) => /^ {11}[a-z0-9-]+:[A-Za-z]+ /.test(l))) expect(line.length).toBeLessThanOrEqual(211);
  });

  test('the deployed stack is compared with the lab graded here: the same lab, no warning; another, a warning naming what differs', async () => {
    mocks = mockLab(PRISTINE);
    const same = JSON.parse((await run('grade', 'iam-wildcard-role', '--live', '--student', 'alice', '--format', 'json')).out);
    expect(same.live.warnings.filter((w: string) => w.includes('not the lab graded here'))).toEqual([]);
    mocks.cfn.restore();
    mocks.iam.restore();
    mocks = mockLab(FIXED);
    const other = JSON.parse((await run('grade', 'iam-wildcard-role', '--workspace', solved, '--live', '--student', 'alice', '--format', 'json')).out);
    expect(other.live.warnings).toContainEqual(expect.stringMatching(/^the deployed stack is not the lab graded here \(.*OpsRole \(OpsRoleBC007320\).*differ\): deploy lab.ts again/));
  });

  test('junit and markdown carry the live evidence and drift', async () => {
    mocks = mockLab({ ...FIXED, drifts: [(await import('../live/fixtures')).drift('OpsRoleBC007320', PHYSICAL.opsRole, 'AWS::IAM::Role', ['/ManagedPolicyArns/0'])] });
    const junit = await run('grade', 'iam-wildcard-role', '--workspace', solved, '--live', '--student', 'alice', '--format', 'junit');
    expect(junit.code).toBe(1);
    expect(junit.out).toContain('<failure message="the live checks pass only because OpsRole (AWS::IAM::Role) was changed outside CloudFormation (/ManagedPolicyArns/0): the next deploy would undo this fix; make it in lab.ts and deploy it" type="drift">');
    expect(junit.out).toContain('live check ops-live-no-admin: pass');
    const md = await run('grade', 'iam-wildcard-role', '--workspace', solved, '--live', '--student', 'alice', '--format', 'md');
    expect(md.out).toContain('- **drift** (ops-least-privilege): OpsRole (AWS::IAM::Role) was changed outside CloudFormation (/ManagedPolicyArns/0): the next deploy would undo this fix');
    expect(md.out).toContain('Workspace: `' + solved + '` · live checks');
    const text = await run('grade', 'iam-wildcard-role', '--workspace', solved, '--live', '--student', 'alice');
    expect(text.out).toContain('         DRIFT: OpsRole (AWS::IAM::Role) was changed outside CloudFormation (/ManagedPolicyArns/0): the next deploy would undo this fix');
  });

  test.each([
    ['throttled', () => mocks.iam.on(SimulatePrincipalPolicyCommand).rejects(awsErrors.throttled()), 'awswo grade: AWS kept throttling iam:SimulatePrincipalPolicy after 5 attempts (Throttling) in live check function-live-can-work: wait a minute and grade again\n'],
    ['stack not found', () => mocks.cfn.on(DescribeStacksCommand).rejects(awsErrors.notFound()), `awswo grade: stack ${STACK_NAME} not found in region ${REGION} (from AWS_REGION): deploy the lab first, or pass --region with the region it was deployed to\n`],
    ['access denied', () => mocks.iam.on(SimulatePrincipalPolicyCommand).rejects(awsErrors.iamDenied()), "awswo grade: access denied (live check function-live-can-work, iam:SimulatePrincipalPolicy): the grader's credentials may not call iam:SimulatePrincipalPolicy; run awswo grader-policy for the policy a grader needs\n"],
    ['expired token', () => mocks.cfn.on(DescribeStacksCommand).rejects(awsErrors.expired()), 'awswo grade: the AWS credentials have expired (ExpiredToken) (cloudformation:DescribeStacks): refresh them (e.g. aws sso login, or a new session) and grade again\n'],
    ['no credentials', () => mocks.cfn.on(DescribeStacksCommand).rejects(awsErrors.noCredentials()), 'awswo grade: no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (live checks use the standard AWS SDK credential chain)\n'],
    ['failed stack', () => mocks.cfn.on(DescribeStacksCommand).resolves((require('../live/fixtures') as typeof import('../live/fixtures')).describeStacks('UPDATE_ROLLBACK_FAILED', 'The following resource(s) failed to update: [OpsRoleBC007320].')), `awswo grade: stack ${STACK_NAME} is in UPDATE_ROLLBACK_FAILED (The following resource(s) failed to update: [OpsRoleBC007320].): a deploy failed and could not roll back; run aws cloudformation continue-update-rollback --stack-name ${STACK_NAME}, then deploy again\n`],
  ])('%s: one line on stderr, exit 2, no report', async (_name, breakIt, line) => {
    mocks = mockLab(FIXED);
    breakIt();
    const r = await run('grade', 'iam-wildcard-role', '--workspace', solved, '--live', '--student', 'alice', '--format', 'json');
    expect(r).toEqual({ code: 2, out: '', err: line });
  });

  test('--region is used, and named when the stack is not there', async () => {
    mocks = mockLab(FIXED);
    mocks.cfn.on(DescribeStacksCommand).rejects(awsErrors.notFound());
    const r = await run('grade', 'iam-wildcard-role', '--workspace', solved, '--live', '--student', 'alice', '--region', 'ap-southeast-2');
    expect(r.err).toContain('not found in region ap-southeast-2 (from --region)');
  });

  test('argument errors: --student is required and validated; live-only flags need --live', async () => {
    expect(await run('grade', 'iam-wildcard-role', '--live')).toEqual({ code: 2, out: '', err: 'awswo grade: --live needs --student NAME: the stack checked is awswo-<student>-<drill>\n' });
    expect((await run('grade', 'iam-wildcard-role', '--live', '--student', 'Alice_1')).err).toBe('awswo grade: --student: student name "Alice_1" is invalid: use lowercase letters, digits and single hyphens, starting with a letter\n');
    expect((await run('grade', 'iam-wildcard-role', '--live', '--student', 'x'.repeat(500))).err).toMatch(/^awswo grade: --student: student name "x{60,80}… \(\d+ characters\)" is longer than 24 characters\n$/);
    expect((await run('grade', 'iam-wildcard-role', '--student', 'alice')).err).toBe('awswo grade: --student only apply with --live\n');
    expect((await run('grade', 'iam-wildcard-role', '--workspace', solved, '--live', '--student', 'alice', '--region', 'EU West')).err).toContain('--region: "EU West" is not an AWS region');
  });
});

describe('awswo grader-policy', () => {
  test('json is a policy document: deduplicated, sorted, no wildcard action, runner calls included', async () => {
    const r = await run('grader-policy', '--all', '--format', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.Version).toBe('2012-10-17');
    const actions: string[] = doc.Statement.flatMap((s: { Action: string[] }) => s.Action);
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) expect(a).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
    expect(new Set(actions).size).toBe(actions.length);
    for (const s of doc.Statement) expect(s.Action).toEqual([...s.Action].sort());
    expect(actions).toEqual(expect.arrayContaining([
      'cloudformation:DescribeStacks', 'cloudformation:ListStackResources', 'cloudformation:DetectStackDrift',
      'cloudformation:DescribeStackDriftDetectionStatus', 'cloudformation:DescribeStackResourceDrifts',
      'iam:SimulatePrincipalPolicy', 'iam:ListAttachedRolePolicies', 'iam:ListUserPolicies', 'iam:ListAttachedUserPolicies',
    ]));
    expect(doc.Statement[0]).toMatchObject({ Sid: 'AwswoLabStacks', Resource: 'arn:*:cloudformation:*:*:stack/awswo-*/*' });
  });

  test('every declared live check call is in the policy', async () => {
    const doc = JSON.parse((await run('grader-policy', 'iam-wildcard-role', '--format', 'json')).out);
    const actions = new Set(doc.Statement.flatMap((s: { Action: string[] }) => s.Action));
    for (const o of drill.objectives) for (const c of o.liveChecks ?? []) for (const a of c.apiCalls) expect(actions).toContain(a);
  });

  test('--skip-drift leaves out drift detection and its reads', async () => {
    const doc = JSON.parse((await run('grader-policy', 'iam-wildcard-role', '--format', 'json', '--skip-drift')).out);
    const actions: string[] = doc.Statement.flatMap((s: { Action: string[] }) => s.Action);
    expect(actions).not.toContain('cloudformation:DetectStackDrift');
    expect(actions).not.toContain('s3:GetBucketVersioning');
    expect(actions).toContain('cloudformation:DescribeStacks');
  });

  test('text says which check needs which action', async () => {
    const r = await run('grader-policy', 'iam-wildcard-role');
    expect(r.out).toMatch(/^ {2}iam:ListAttachedRolePolicies +drift: AWS::IAM::Role, iam-wildcard-role\/function-live-can-work, .*iam-wildcard-role\/ops-live-no-admin, /m);
    // Only the user checks read group policies (the fallback where an endpoint has no policy simulator).
    expect(r.out).toMatch(/^ {2}iam:ListGroupPolicies +iam-wildcard-role\/auditor-live-can-read, iam-wildcard-role\/auditor-live-nothing-more$/m);
    expect(r.out).toContain('Policy document:');
  });

  test('every drill has live checks; one without any would need nothing', async () => {
    expect(catalog.all().filter((d) => !d.objectives.some((o) => o.liveChecks?.length)).map((d) => d.id)).toEqual([]);
    const drill = catalog.find('cost-traps')!;
    const staticOnly = { ...drill, objectives: drill.objectives.map((o) => ({ ...o, liveChecks: [] })) };
    expect(graderPolicy([staticOnly])).toEqual({ document: { Version: '2012-10-17', Statement: [] }, actions: [], unknownTypes: [] });
  });
});
