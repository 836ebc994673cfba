import drill from '../../../../drills/01-basics/region-account-guardrails/drill';
import { ALLOWED_REGIONS } from '../../../../drills/01-basics/region-account-guardrails/drill';
import { liveStackRegionAllowed } from '../../../../lib/checks/environment/live';
import { fakeAwsEnv, liveHarness } from '../../live/fixtures';

beforeAll(fakeAwsEnv);

const { stack, run, stackName } = liveHarness(drill, []);
const inRegion = (region: string) => ({ ...stack(), stackId: `arn:aws:cloudformation:${region}:123456789012:stack/${stackName}/5b9c6d40-7f3e-11ef-9a1b-0a1b2c3d4e5f` });
const check = liveStackRegionAllowed('c', ALLOWED_REGIONS);

describe('liveStackRegionAllowed', () => {
  test('Compliance: the stack runs in an allowed region', async () => {
    const { verdict, evidence } = await run(check, inRegion('eu-west-1'));
    expect(verdict).toEqual({ status: 'pass', message: `the deployed stack ${stackName} runs in eu-west-1 (allowed), account 123456789012` });
    expect(evidence[0].observed).toMatchObject({ region: 'eu-west-1', account: '123456789012' });
  });
  test.each(['sa-east-1', 'us-east-2', 'cn-north-1'])('Noncompliance: the stack runs in %s', async (region) => {
    expect((await run(check, inRegion(region))).verdict).toEqual({
      status: 'fail',
      message: `the deployed stack ${stackName} runs in ${region}, which the course does not allow: pin env.region to one of ${ALLOWED_REGIONS.join(', ')}, deploy there and destroy this copy`,
    });
  });
  test('Noncompliance: a stack id without a region is no pass', async () => {
    expect((await run(check, { ...stack(), stackId: 'garbage' })).verdict.status).toBe('fail');
  });
  test('declares the runner\'s call and no drift subject', () => {
    expect(check.apiCalls).toEqual(['cloudformation:DescribeStacks']);
    expect(check.driftSubjects).toEqual([]);
  });
});
