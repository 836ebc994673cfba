import { GetRoleCommand, IAMClient, IAMServiceException, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import drill from '../../../../drills/02-iam/access-denied-parameter/drill';
import type { LiveCheck } from '../../../../lib/model/live-check';
import { ACCOUNT, fakeAwsEnv, liveHarness, REGION, simulator } from '../../../lib/live/fixtures';

beforeAll(fakeAwsEnv);

const ROLE = 'awswo-alice-access-denied-parameter-OrdersFunctionRoleEF21F35B-AbCdEf123456';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
const PARAMETER = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/lab/alice/access-denied-parameter/orders/config`;
const TABLE = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/awswo-alice-access-denied-parameter-OrdersTable315BB997-1Q2W3E4R5T6Y`;
const { run } = liveHarness(drill, [
  { logicalId: 'OrdersFunctionRoleEF21F35B', physicalId: ROLE, type: 'AWS::IAM::Role' },
  { logicalId: 'ConfigParameterD4506805', physicalId: '/lab/alice/access-denied-parameter/orders/config', type: 'AWS::SSM::Parameter' },
  { logicalId: 'OrdersTable315BB997', physicalId: TABLE.split('/').pop()!, type: 'AWS::DynamoDB::GlobalTable' },
]);

const objective = drill.objectives.find((o) => o.id === 'parameter-readable')!;
const check = (id: string): LiveCheck => objective.liveChecks!.find((c) => c.id === id)!;
const iam = mockClient(IAMClient);
const deployedWith = (grants: Array<[string, string, string]>) => {
  iam.reset();
  iam.on(GetRoleCommand).resolves({ Role: { RoleName: ROLE, Arn: ROLE_ARN, Path: '/', RoleId: 'AROAEXAMPLE', CreateDate: new Date('2026-11-20T10:00:00Z') } });
  iam.on(SimulatePrincipalPolicyCommand).callsFake(simulator({ [ROLE_ARN]: grants }));
};
const EXISTING: Array<[string, string, string]> = [['dynamodb:PutItem', TABLE, 'OrdersFunctionRoleDefaultPolicy']];

describe('access-denied-parameter live checks', () => {
  test('pristine deploy: the role cannot read its parameter', async () => {
    deployedWith(EXISTING);
    const { verdict, evidence } = await run(check('parameter-live-can-read'));
    expect(verdict).toMatchObject({ status: 'fail', message: expect.stringContaining('ssm:GetParameter') });
    expect(evidence.map((e) => e.call)).toContain('iam:SimulatePrincipalPolicy');
  });
  test('fixed deploy: it can, and nothing more', async () => {
    deployedWith([...EXISTING, ['ssm:GetParameter', PARAMETER, 'OrdersFunctionRoleDefaultPolicy']]);
    expect((await run(check('parameter-live-can-read'))).verdict.status).toBe('pass');
    expect((await run(check('parameter-live-nothing-more'))).verdict.status).toBe('pass');
  });
  test('over-granted deploy (ssm:* on *): fails the nothing-more check', async () => {
    deployedWith([...EXISTING, ['ssm:*', '*', 'OrdersFunctionRoleDefaultPolicy']]);
    expect((await run(check('parameter-live-can-read'))).verdict.status).toBe('pass');
    expect((await run(check('parameter-live-nothing-more'))).verdict).toMatchObject({ status: 'fail', message: expect.stringContaining('ssm:PutParameter') });
  });
  test('access denied to the simulator propagates to the runner as an error', async () => {
    deployedWith(EXISTING);
    iam.on(SimulatePrincipalPolicyCommand).rejects(new IAMServiceException({ name: 'AccessDenied', $fault: 'client', message: `User: arn:aws:iam::${ACCOUNT}:user/grader is not authorized to perform: iam:SimulatePrincipalPolicy`, $metadata: { httpStatusCode: 403 } }));
    await expect(run(check('parameter-live-can-read'))).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
