// SDK errors as the clients build them, and what the live runner makes of one a check let through:
// the one line (exit 2) a throttled or refused live check ends the grade with.
import { liveError } from '../../../lib/live/errors';
import type { LiveCheck } from '../../../lib/model/live-check';
import { REGION } from './fixtures';

type ServiceException = new (o: { name: string; $fault: 'client' | 'server'; message: string; $metadata: Record<string, unknown> }) => Error;

/** `sdkError(EC2ServiceException, 'RequestLimitExceeded', 503)`. */
export function sdkError(Ctor: ServiceException, name: string, httpStatusCode = 400, message = name): Error {
  return new Ctor({ name, $fault: 'client', message, $metadata: { httpStatusCode, requestId: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b', attempts: 1, totalRetryDelay: 0 } });
}

/** The check rejects with the SDK error unchanged, and the runner's line for it matches `line`. */
export async function expectLiveError(running: Promise<unknown>, check: LiveCheck, name: string, line: RegExp): Promise<void> {
  const err = await running.then(() => undefined, (e: unknown) => e);
  expect(err).toMatchObject({ name });
  const le = liveError(err, { region: REGION, regionSource: 'AWS_REGION', stackName: 'awswo-alice-x', checkId: check.id, apiCalls: check.apiCalls });
  expect(le?.message).toMatch(line);
  expect(le?.message.split('\n')).toHaveLength(1);
}
