import { GetDocumentCommand, SSMClient, SSMServiceException } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import drill from '../../../../drills/03-runbooks/broken-automation/drill';
import { liveAutomationFailsSafely, liveAutomationInputsResolve, liveAutomationRunsAs } from '../../../../drills/03-runbooks/automation-live';
import { readBaseline } from '../../../../lib/grading/baseline';
import { fakeAwsEnv, liveHarness } from '../../../lib/live/fixtures';
import { expectLiveError, sdkError } from '../../../lib/live/sdk-errors';

beforeAll(fakeAwsEnv);

const DOC = 'awswo-alice-restart-group';
const ROLE = 'awswo-alice-broken-automation-AutomationRoleC58D7324-Kq2Wn4Er6Ty8';
const ROLE_ARN = `arn:aws:iam::123456789012:role/${ROLE}`;
const { run, stack, stackName } = liveHarness(drill, [
  { logicalId: 'RestartDocument', physicalId: DOC, type: 'AWS::SSM::Document' },
  { logicalId: 'AutomationRoleC58D7324', physicalId: ROLE, type: 'AWS::IAM::Role' },
]);
const ssm = mockClient(SSMClient);
afterEach(() => ssm.reset());
afterAll(() => ssm.restore());

/** The pristine runbook as SSM holds it (GetDocument answers with Content as a JSON string). */
const PRISTINE = readBaseline(drill).Resources!.RestartDocument.Properties!.Content as any;
/** The reference fix, as deployed: the role's ARN resolved in the parameter's default. */
function fixed(): any {
  const doc = JSON.parse(JSON.stringify(PRISTINE));
  doc.assumeRole = '{{ AutomationAssumeRole }}';
  doc.parameters.AutomationAssumeRole = { type: 'String', description: 'The role the automation runs as', default: ROLE_ARN };
  doc.mainSteps[0].onFailure = 'Abort';
  doc.mainSteps[0].outputs[0].Selector = '$.Reservations..Instances..InstanceId';
  doc.mainSteps[1].onFailure = 'step:StartInstances';
  doc.mainSteps[2].onFailure = 'Abort';
  return doc;
}
const deployed = (content: unknown, DocumentType: 'Automation' | 'Command' = 'Automation') =>
  ssm.on(GetDocumentCommand, { Name: DOC, DocumentFormat: 'JSON' }).resolves({ Name: DOC, DocumentType, DocumentFormat: 'JSON', DocumentVersion: '1', Status: 'Active', Content: typeof content === 'string' ? content : JSON.stringify(content) });

const runsAs = liveAutomationRunsAs('c', 'RestartDocument', 'AutomationRole');
const inputs = liveAutomationInputsResolve('c', 'RestartDocument');
const failsSafe = liveAutomationFailsSafely('c', 'RestartDocument');

describe('the reference fix, deployed', () => {
  test.each([['runs as the role', runsAs], ['inputs resolve', inputs], ['fails safe', failsSafe]])('Compliance: %s', async (_what, check) => {
    deployed(fixed());
    const { verdict, evidence } = await run(check);
    expect(verdict.status).toBe('pass');
    expect(evidence).toEqual([{ call: 'ssm:GetDocument', request: { Name: DOC, DocumentFormat: 'JSON' }, observed: { DocumentType: 'Automation', DocumentVersion: '1', Status: 'Active', Content: fixed() } }]);
  });
  test('assumeRole set to the ARN directly is as good as through a parameter', async () => {
    deployed({ ...fixed(), assumeRole: ROLE_ARN });
    expect((await run(runsAs)).verdict).toEqual({ status: 'pass', message: `deployed RestartDocument runs as AutomationRole (${ROLE_ARN})` });
  });
});

describe('liveAutomationRunsAs', () => {
  test('Noncompliance 1: no assumeRole (the pristine runbook)', async () => {
    deployed(PRISTINE);
    expect((await run(runsAs)).verdict).toEqual({ status: 'fail', message: 'deployed RestartDocument declares no assumeRole: the automation runs with the permissions of whoever starts it, and AutomationRole is never used' });
  });
  test.each([
    ['another role of the account', `arn:aws:iam::123456789012:role/Admin`, /not AutomationRole/],
    ['the role\'s name in another account', `arn:aws:iam::210987654321:role/${ROLE}`, /not AutomationRole .* of account 123456789012/],
    ['a user, not a role', `arn:aws:iam::123456789012:user/${ROLE}`, /not AutomationRole/],
    ['not an ARN at all', ROLE, /not a role ARN/],
  ])('Noncompliance 2: the parameter defaults to %s', async (_what, arn, message) => {
    const doc = fixed();
    doc.parameters.AutomationAssumeRole.default = arn;
    deployed(doc);
    const { verdict } = await run(runsAs);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toMatch(message);
  });
  test('Noncompliance 3: the parameter has no default (each caller picks a role)', async () => {
    const doc = fixed();
    delete doc.parameters.AutomationAssumeRole.default;
    deployed(doc);
    expect((await run(runsAs)).verdict.message).toBe('deployed RestartDocument: the assumeRole parameter AutomationAssumeRole has no default, so each caller picks the role; default it to AutomationRole\'s ARN');
  });
  test('Noncompliance 4: the role removed from the lab', async () => {
    deployed(fixed());
    expect((await run(runsAs, stack(['AutomationRoleC58D7324']))).verdict.message).toBe(`deployed RestartDocument: AutomationRole is not in the deployed stack ${stackName}, so the runbook cannot run as it`);
  });
});

describe('liveAutomationInputsResolve and liveAutomationFailsSafely', () => {
  test('Noncompliance: the pristine selector reads $.Instances, which DescribeInstances never returns', async () => {
    deployed(PRISTINE);
    expect((await run(inputs)).verdict).toEqual({
      status: 'fail',
      message: 'deployed RestartDocument: step FindInstances: the output InstanceIds selects $.Instances..InstanceId, but a DescribeInstances response holds its results under $.Reservations, so the output is always empty',
    });
  });
  test('Noncompliance: a step reads an output that does not exist (edited by hand)', async () => {
    const doc = fixed();
    doc.mainSteps[1].inputs.InstanceIds = '{{ InstanceIds }}';
    deployed(doc);
    expect((await run(inputs)).verdict.message).toMatch(/step StopInstances reads \{\{ InstanceIds \}\}, which is neither a parameter nor an output of an earlier step \(did you mean \{\{ FindInstances.InstanceIds \}\}\?\)/);
  });
  test('Noncompliance: no step handles its failure (the pristine runbook)', async () => {
    deployed(PRISTINE);
    expect((await run(failsSafe)).verdict.message).toBe('deployed RestartDocument: steps FindInstances, StopInstances, StartInstances declare no onFailure (the default aborts the run where it stands)');
  });
  test('Noncompliance: the stop step aborts on failure', async () => {
    const doc = fixed();
    doc.mainSteps[1].onFailure = 'Abort';
    deployed(doc);
    expect((await run(failsSafe)).verdict.message).toMatch(/step StopInstances stops instances, but on failure it aborts, which leaves them stopped/);
  });
  test('Noncompliance: not an Automation runbook, or no JSON', async () => {
    deployed(fixed(), 'Command');
    expect((await run(failsSafe)).verdict).toEqual({ status: 'fail', message: `deployed RestartDocument (${DOC}) is a Command document, not an Automation runbook` });
    deployed('schemaVersion: "0.3"');
    expect((await run(failsSafe)).verdict.message).toBe('deployed RestartDocument: write Content as an object (JSON), so it can be checked; it is a string that is not JSON');
  });
  test('Noncompliance: the document removed from the lab', async () => {
    expect((await run(inputs, stack(['RestartDocument']))).verdict).toEqual({ status: 'fail', message: `RestartDocument is not in the deployed stack ${stackName}: fix it, don't delete it, and deploy` });
  });
});

describe('errors', () => {
  test('not found (deleted by hand): an ERROR, never a pass', async () => {
    ssm.on(GetDocumentCommand).rejects(sdkError(SSMServiceException, 'InvalidDocument', 400, 'The specified document does not exist.'));
    for (const check of [runsAs, inputs, failsSafe]) {
      expect((await run(check)).verdict).toEqual({ status: 'error', message: `RestartDocument (${DOC}) is in the stack but ssm:GetDocument does not find it: it was deleted outside CloudFormation or never created; deploy the lab again` });
    }
  });
  test('throttling and access denied propagate to the runner as one line', async () => {
    ssm.on(GetDocumentCommand).rejects(sdkError(SSMServiceException, 'ThrottlingException'));
    await expectLiveError(run(inputs), inputs, 'ThrottlingException', /^AWS kept throttling ssm:GetDocument/);
    ssm.on(GetDocumentCommand).rejects(sdkError(SSMServiceException, 'AccessDeniedException', 400, 'User: x is not authorized to perform: ssm:GetDocument on resource: y'));
    await expectLiveError(run(runsAs), runsAs, 'AccessDeniedException', /^access denied \(live check c, ssm:GetDocument\): the grader's credentials may not call ssm:GetDocument/);
  });
});

describe('broken-automation declares its live checks', () => {
  test('the three runbook objectives read the deployed document', () => {
    const live = Object.fromEntries(drill.objectives.map((o) => [o.id, (o.liveChecks ?? []).map((c) => [c.id, ...c.apiCalls])]));
    expect(live).toEqual({
      'runs-as-role': [['assume-role-live', 'ssm:GetDocument']],
      'inputs-resolve': [['inputs-live', 'ssm:GetDocument']],
      'fails-safe': [['on-failure-live', 'ssm:GetDocument']],
      'role-least-privilege': [],
      'change-recorded': [],
    });
  });
});
