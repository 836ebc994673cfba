// A LiveContext for unit tests: a deployed stack described by hand, SDK clients mocked by
// aws-sdk-client-mock (which patches every instance's send), evidence collected in a list.
import type { DeployedResource, LiveContext, LiveEvidence } from '../../../lib/model/live-check';
import type { Drill } from '../../../lib/model/drill';

process.env.AWS_REGION = 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID = 'AKIAFAKEFAKEFAKEFAKE';
process.env.AWS_SECRET_ACCESS_KEY = 'fake-secret-for-tests-only';
delete process.env.AWS_PROFILE;
delete process.env.AWS_ENDPOINT_URL;

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const STACK = 'awswo-alice-silent-alarms';

export interface FakeContext extends LiveContext {
  readonly evidence: LiveEvidence[];
  readonly waits: string[];
}

/** `byConstruct` maps construct ids to deployed resources; `extra` are stack resources without a construct id. */
export function fakeContext(opts: {
  drill?: Drill;
  byConstruct: Record<string, DeployedResource>;
  extra?: DeployedResource[];
  workspace?: string;
  documents?: LiveContext['target']['documents'];
  stackName?: string;
}): FakeContext {
  const evidence: LiveEvidence[] = [];
  const waits: string[] = [];
  const resources = [...Object.values(opts.byConstruct), ...(opts.extra ?? [])];
  const stackName = opts.stackName ?? STACK;
  return {
    target: { drill: opts.drill as Drill, student: 'alice', region: REGION, stackName, workspace: opts.workspace ?? '/nonexistent', documents: opts.documents ?? {} },
    stack: {
      stackName,
      stackId: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${stackName}/1b2c3d4e-0000-1111-2222-333344445555`,
      status: 'UPDATE_COMPLETE',
      outputs: {},
      resources,
    },
    resource: (id) => opts.byConstruct[id],
    client: (C) => new C({ region: REGION }),
    record: (e) => evidence.push(e),
    waitFor: async (what, probe) => {
      waits.push(what);
      return probe();
    },
    evidence,
    waits,
  };
}

/** An SDK-shaped service error, as the runner sees it. */
export function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status, requestId: 'req-1', attempts: 5 } });
}
