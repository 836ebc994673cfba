import { DescribeSecurityGroupsCommand, EC2Client, EC2ServiceException } from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand, RDSClient, RDSServiceException } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import drill from '../../../../drills/03-runbooks/planned-change/drill';
import { liveDbInstanceClass } from '../../../../lib/checks/database/live';
import { liveDbIngressOnlyPort } from '../../../../lib/checks/network/live';
import { fakeAwsEnv, liveHarness } from '../../../lib/live/fixtures';

beforeAll(fakeAwsEnv);

const DB_ID = 'awswo-alice-planned-change-catalogdb87159883-a1b2c3d4e5f6';
const DB_SG = 'sg-0db5ec0912345678a';
const APP_SG = 'sg-0a99c0912345678b';
const DEPLOYED = [
  { logicalId: 'CatalogDb87159883', physicalId: DB_ID, type: 'AWS::RDS::DBInstance' },
  { logicalId: 'DbSecurityGroupE9D701AD', physicalId: DB_SG, type: 'AWS::EC2::SecurityGroup' },
  { logicalId: 'AppSecurityGroupC396D536', physicalId: APP_SG, type: 'AWS::EC2::SecurityGroup' },
];
const { stack, run } = liveHarness(drill, DEPLOYED);

const meta = { httpStatusCode: 400, requestId: '7d6c5b4a-3e2f-4a1b-9c8d-7e6f5a4b3c2d', attempts: 1, totalRetryDelay: 0 };
const rds = mockClient(RDSClient);
const ec2 = mockClient(EC2Client);
beforeEach(() => {
  rds.reset();
  ec2.reset();
});

const dbInstance = (cls: string) => ({ DBInstances: [{ DBInstanceIdentifier: DB_ID, DBInstanceClass: cls, DBInstanceStatus: 'available', Engine: 'postgres' }] });
const sgWith = (...IpPermissions: object[]) => ({ SecurityGroups: [{ GroupId: DB_SG, GroupName: 'DbSecurityGroup', IpPermissions }] });
const fromApp = (from: number, to: number, proto = 'tcp') => ({ IpProtocol: proto, FromPort: from, ToPort: to, UserIdGroupPairs: [{ GroupId: APP_SG, UserId: '123456789012' }], IpRanges: [], Ipv6Ranges: [] });

describe('liveDbInstanceClass', () => {
  const check = liveDbInstanceClass('c', 'CatalogDb', 'db.t3.small');
  test('pass: the deployed class is the requested one, with evidence', async () => {
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: DB_ID }).resolves(dbInstance('db.t3.small'));
    const { verdict, evidence } = await run(check);
    expect(verdict.status).toBe('pass');
    expect(evidence[0]).toMatchObject({ call: 'rds:DescribeDBInstances', observed: { DBInstanceClass: 'db.t3.small' } });
  });
  test('fail: the change is not deployed yet', async () => {
    rds.on(DescribeDBInstancesCommand).resolves(dbInstance('db.t3.micro'));
    expect((await run(check)).verdict).toMatchObject({ status: 'fail', message: expect.stringContaining('runs on db.t3.micro, not db.t3.small') });
  });
  test('error: the database was deleted by hand', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(new RDSServiceException({ name: 'DBInstanceNotFoundFault', $fault: 'client', message: 'not found', $metadata: meta }));
    expect((await run(check)).verdict).toMatchObject({ status: 'error', message: expect.stringContaining('deleted outside CloudFormation') });
  });
  test('error: throttling propagates to the runner', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(new RDSServiceException({ name: 'Throttling', $fault: 'client', message: 'Rate exceeded', $metadata: meta }));
    await expect(run(check)).rejects.toMatchObject({ name: 'Throttling' });
  });
});

describe('liveDbIngressOnlyPort', () => {
  const check = liveDbIngressOnlyPort('i', 'DbSecurityGroup', 'AppSecurityGroup', 5433);
  test('pass: only tcp 5433 from the app security group', async () => {
    ec2.on(DescribeSecurityGroupsCommand, { GroupIds: [DB_SG] }).resolves(sgWith(fromApp(5433, 5433)));
    const { verdict, evidence } = await run(check);
    expect(verdict.status).toBe('pass');
    expect(evidence[0].observed).toEqual({ IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5433, ToPort: 5433, Groups: [APP_SG], Cidrs: [] }] });
  });
  test('fail: all traffic from the app tier is still open', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(sgWith({ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: APP_SG }] }));
    expect((await run(check)).verdict).toMatchObject({ status: 'fail', message: expect.stringContaining('still admits all traffic') });
  });
  test('fail: a port range, or a CIDR source', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(sgWith(fromApp(5000, 6000)));
    expect((await run(check)).verdict.status).toBe('fail');
    ec2.on(DescribeSecurityGroupsCommand).resolves(sgWith({ ...fromApp(5433, 5433), IpRanges: [{ CidrIp: '10.0.0.0/16' }] }));
    expect((await run(check)).verdict.status).toBe('fail');
  });
  test('fail: no rule left, so the app cannot reach the database', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(sgWith());
    expect((await run(check)).verdict).toMatchObject({ status: 'fail', message: expect.stringContaining('no longer admits AppSecurityGroup') });
  });
  test('fail: the security group is not deployed', async () => {
    expect((await run(check, stack(['DbSecurityGroupE9D701AD']))).verdict).toMatchObject({ status: 'fail', message: expect.stringContaining("fix it, don't delete it") });
  });
  test('error: access denied propagates to the runner', async () => {
    ec2.on(DescribeSecurityGroupsCommand).rejects(new EC2ServiceException({ name: 'UnauthorizedOperation', $fault: 'client', message: 'You are not authorized to perform this operation.', $metadata: meta }));
    await expect(run(check)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });
});
