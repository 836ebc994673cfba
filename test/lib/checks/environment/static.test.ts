import type { StaticEvidence } from '../../../../lib/model/drill';
import { environmentPinned } from '../../../../lib/checks/environment/static';

const IDENTITY = { student: 'sam-12a', account: '123456789013', region: 'eu-south-2', expiresAt: '2031-01-01T00:00:00Z' };
/** The environment the lab synthesized with, under the grader's fresh identity. */
const evidence = (account: string, region: string): StaticEvidence => ({
  template: {}, baseline: {}, nag: [], scope: { changes: [], violations: [] }, environment: { account, region }, documents: {}, identity: IDENTITY,
});
const pinned = (account: string, region: string) => environmentPinned('env', ['us-east-1', 'eu-west-1']).run(evidence(account, region));

describe('the environment is pinned', () => {
  test('an allowed literal region and the account from CDK_DEFAULT_ACCOUNT, or a real literal account, pass', () => {
    expect(pinned(IDENTITY.account, 'eu-west-1')).toMatchObject({ status: 'pass', message: expect.stringContaining('account from CDK_DEFAULT_ACCOUNT') });
    expect(pinned('444455556666', 'us-east-1')).toMatchObject({ status: 'pass' });
  });
  // A region read from CDK_DEFAULT_REGION or AWS_REGION, with or without an allowed fallback,
  // synthesizes as the grader's own region: `process.env.AWS_REGION ?? 'eu-west-1'` shows as eu-south-2.
  test('a region from the environment, with or without a fallback, fails', () => {
    expect(pinned(IDENTITY.account, IDENTITY.region)).toEqual({ status: 'fail', message: expect.stringMatching(/^env\.region comes from the environment/) });
  });
  test('no region at all, or one the course does not allow, fails', () => {
    expect(pinned(IDENTITY.account, 'unknown-region')).toEqual({ status: 'fail', message: expect.stringMatching(/^env\.region is not pinned/) });
    expect(pinned(IDENTITY.account, 'sa-east-1')).toEqual({ status: 'fail', message: expect.stringContaining('which the course does not allow') });
  });
  test.each(['123456789012', '111122223333', '000000000000'])('the documentation example account %s fails', (account) => {
    expect(pinned(account, 'eu-west-1')).toEqual({ status: 'fail', message: `env.account is ${account}, not your lab account: use process.env.CDK_DEFAULT_ACCOUNT (or the real 12-digit id)` });
  });
  test('an account that is not 12 digits, or none, fails', () => {
    expect(pinned('12345', 'eu-west-1')).toMatchObject({ status: 'fail' });
    expect(pinned('unknown-account', 'eu-west-1')).toEqual({ status: 'fail', message: expect.stringMatching(/^env\.account is not pinned/) });
  });
});
