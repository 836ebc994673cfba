import { ListTagsForResourceCommand, SSMClient, SSMServiceException } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import drill, { REQUIRED_TAGS } from '../../../../drills/01-basics/region-account-guardrails/drill';
import { liveParameterTagged } from '../../../../lib/checks/tags/live';
import { fakeAwsEnv, liveHarness } from '../../live/fixtures';
import { expectLiveError, sdkError } from '../../live/sdk-errors';

beforeAll(fakeAwsEnv);

const PARAM = '/lab/alice/region-account-guardrails/orders/config';
const { run, stack, stackName } = liveHarness(drill, [{ logicalId: 'ServiceConfig50F22162', physicalId: PARAM, type: 'AWS::SSM::Parameter' }]);
const ssm = mockClient(SSMClient);
afterEach(() => ssm.reset());
afterAll(() => ssm.restore());
const tags = (t: Record<string, string>) => ({ TagList: Object.entries(t).map(([Key, Value]) => ({ Key, Value })) });
const check = liveParameterTagged('c', 'ServiceConfig', REQUIRED_TAGS);
const GOOD = { owner: 'alice', environment: 'training', 'cost-center': 'cc-42', 'awswo:student': 'alice' };

describe('liveParameterTagged', () => {
  test('Compliance: every required tag, with an accepted value', async () => {
    ssm.on(ListTagsForResourceCommand, { ResourceType: 'Parameter', ResourceId: PARAM }).resolves(tags(GOOD));
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: `deployed ServiceConfig (${PARAM}) carries owner, environment, cost-center` });
    expect(evidence).toEqual([{ call: 'ssm:ListTagsForResource', request: { ResourceType: 'Parameter', ResourceId: PARAM }, observed: { Tags: GOOD } }]);
  });
  test('Noncompliance 1: only the guardrails\' awswo:* tags (the pristine lab)', async () => {
    ssm.on(ListTagsForResourceCommand).resolves(tags({ 'awswo:student': 'alice', 'awswo:drill': 'region-account-guardrails' }));
    expect((await run(check)).verdict).toEqual({ status: 'fail', message: `deployed ServiceConfig (${PARAM}) lacks the course's tags: no owner, no environment, no cost-center` });
  });
  test('Noncompliance 2: an environment outside the list, an empty owner', async () => {
    ssm.on(ListTagsForResourceCommand).resolves(tags({ ...GOOD, owner: ' ', environment: 'staging' }));
    expect((await run(check)).verdict.message).toBe(`deployed ServiceConfig (${PARAM}) lacks the course's tags: no owner, environment "staging" (want one of training, dev, test, prod)`);
  });
  test('Noncompliance 3: the parameter removed from the lab', async () => {
    expect((await run(check, stack(['ServiceConfig50F22162']))).verdict).toEqual({ status: 'fail', message: `ServiceConfig is not in the deployed stack ${stackName}: fix it, don't delete it, and deploy` });
  });
  test('not found (deleted by hand): an ERROR, never a pass', async () => {
    ssm.on(ListTagsForResourceCommand).rejects(sdkError(SSMServiceException, 'InvalidResourceId'));
    expect((await run(check)).verdict).toEqual({ status: 'error', message: `ServiceConfig (${PARAM}) is in the stack but ssm:ListTagsForResource does not find it: it was deleted outside CloudFormation or never created; deploy the lab again` });
  });
  test('throttling and access denied propagate to the runner as one line', async () => {
    ssm.on(ListTagsForResourceCommand).rejects(sdkError(SSMServiceException, 'ThrottlingException'));
    await expectLiveError(run(check), check, 'ThrottlingException', /^AWS kept throttling ssm:ListTagsForResource .*in live check c: wait a minute/);
    ssm.on(ListTagsForResourceCommand).rejects(sdkError(SSMServiceException, 'AccessDeniedException', 400, 'User: arn:aws:sts::123456789012:assumed-role/grader/ci is not authorized to perform: ssm:ListTagsForResource on resource: x'));
    await expectLiveError(run(check), check, 'AccessDeniedException', /^access denied \(live check c, ssm:ListTagsForResource\): the grader's credentials may not call ssm:ListTagsForResource/);
  });
});
