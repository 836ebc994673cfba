import { DescribeAddressesCommand, DescribeLaunchTemplateVersionsCommand, DescribeNatGatewaysCommand, DescribeVolumesCommand, EC2Client, EC2ServiceException } from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand, RDSClient, RDSServiceException } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import drill from '../../../../drills/06-cost/cost-traps/drill';
import { liveDataVolumeGp3, liveDbRightSized, liveNoIdleAddress, liveOneNatGateway, liveRootVolumesGp3 } from '../../../../drills/06-cost/cost-traps/live';
import { fakeAwsEnv, liveHarness } from '../../../lib/live/fixtures';
import { expectLiveError, sdkError } from '../../../lib/live/sdk-errors';

beforeAll(fakeAwsEnv);

const VPC = 'vpc-0c1d2e3f4a5b6c7d8';
const VOLUME = 'vol-0123456789abcdef0';
const LT = 'lt-0a1b2c3d4e5f60718';
const DB = 'awswo-alice-cost-traps-ordersdb889e652a-a1s2d3f4g5h6';
const IP = { nat1: '52.16.1.10', nat2: '52.16.1.11', spare: '52.16.1.12' };
const { run, stack, stackName } = liveHarness(drill, [
  { logicalId: 'Vpc8378EB38', physicalId: VPC, type: 'AWS::EC2::VPC' },
  { logicalId: 'VpcedgeSubnet1EIP376AA6D9', physicalId: IP.nat1, type: 'AWS::EC2::EIP' },
  { logicalId: 'VpcedgeSubnet2EIP61F8933E', physicalId: IP.nat2, type: 'AWS::EC2::EIP' },
  { logicalId: 'SpareIp', physicalId: IP.spare, type: 'AWS::EC2::EIP' },
  { logicalId: 'DataVolume175940C2', physicalId: VOLUME, type: 'AWS::EC2::Volume' },
  { logicalId: 'WebTemplateB555BDDA', physicalId: LT, type: 'AWS::EC2::LaunchTemplate' },
  { logicalId: 'OrdersDb889E652A', physicalId: DB, type: 'AWS::RDS::DBInstance' },
]);
const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);
afterEach(() => { ec2.reset(); rds.reset(); });
afterAll(() => { ec2.restore(); rds.restore(); });
const ec2Throttled = () => sdkError(EC2ServiceException, 'RequestLimitExceeded', 503, 'Request limit exceeded.');
const ec2Denied = () => sdkError(EC2ServiceException, 'UnauthorizedOperation', 403, 'You are not authorized to perform this operation.');

describe('liveOneNatGateway', () => {
  const check = liveOneNatGateway('c', 'Vpc');
  const FILTER = [{ Name: 'vpc-id', Values: [VPC] }, { Name: 'state', Values: ['pending', 'available'] }];
  const nat = (n: number) => ({ NatGatewayId: `nat-0${n}`, State: 'available' as const, SubnetId: `subnet-0${n}`, VpcId: VPC });
  test('Compliance: one NAT gateway', async () => {
    ec2.on(DescribeNatGatewaysCommand, { Filter: FILTER }).resolves({ NatGateways: [nat(1)] });
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: `deployed Vpc (${VPC}) runs one NAT gateway (nat-01)` });
    expect(evidence[0]).toEqual({ call: 'ec2:DescribeNatGateways', request: { Filter: FILTER }, observed: { NatGateways: [{ NatGatewayId: 'nat-01', State: 'available', SubnetId: 'subnet-01' }] } });
  });
  test('Noncompliance 1: one per AZ (the pristine lab), across pages', async () => {
    ec2.on(DescribeNatGatewaysCommand, { Filter: FILTER }).resolves({ NatGateways: [nat(1)], NextToken: 'p2' });
    ec2.on(DescribeNatGatewaysCommand, { Filter: FILTER, NextToken: 'p2' }).resolves({ NatGateways: [nat(2)] });
    expect((await run(check)).verdict).toEqual({ status: 'fail', message: `deployed Vpc (${VPC}) runs 2 NAT gateways (nat-01, nat-02), each billed by the hour: one is enough for a dev environment` });
  });
  test('Noncompliance 2: none (the servers lose egress), or the VPC removed', async () => {
    ec2.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [] });
    expect((await run(check)).verdict.message).toBe(`deployed Vpc (${VPC}) has no NAT gateway: the web servers need outbound internet`);
    expect((await run(check, stack(['Vpc8378EB38']))).verdict.message).toBe(`Vpc is not in the deployed stack ${stackName}: fix it, don't delete it, and deploy`);
  });
  test('throttling and access denied propagate', async () => {
    ec2.on(DescribeNatGatewaysCommand).rejects(ec2Throttled());
    await expectLiveError(run(check), check, 'RequestLimitExceeded', /^AWS kept throttling ec2:DescribeNatGateways/);
    ec2.on(DescribeNatGatewaysCommand).rejects(ec2Denied());
    await expectLiveError(run(check), check, 'UnauthorizedOperation', /^access denied \(live check c, ec2:DescribeNatGateways\): the grader's credentials may not call ec2:DescribeNatGateways/);
  });
});

describe('liveNoIdleAddress', () => {
  const check = liveNoIdleAddress('c');
  const address = (PublicIp: string, AssociationId?: string) => ({ PublicIp, AllocationId: `eipalloc-${PublicIp.split('.').pop()}`, Domain: 'vpc' as const, ...(AssociationId ? { AssociationId, NetworkInterfaceId: 'eni-1' } : {}) });
  test('Compliance: every address of the stack is associated', async () => {
    ec2.on(DescribeAddressesCommand, { PublicIps: [IP.nat1] }).resolves({ Addresses: [address(IP.nat1, 'eipassoc-1')] });
    const { verdict } = await run(check, stack(['VpcedgeSubnet2EIP61F8933E', 'SpareIp']));
    expect(verdict).toEqual({ status: 'pass', message: 'every Elastic IP of the deployed stack (1) is in use' });
  });
  test('Noncompliance: SpareIp, associated with nothing (the pristine lab)', async () => {
    ec2.on(DescribeAddressesCommand, { PublicIps: [IP.nat1, IP.nat2, IP.spare] }).resolves({ Addresses: [address(IP.nat1, 'eipassoc-1'), address(IP.nat2, 'eipassoc-2'), address(IP.spare)] });
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'fail', message: `SpareIp (${IP.spare}): deployed Elastic IP associated with nothing, billed every hour` });
    expect(evidence[0].observed).toEqual({ Addresses: [
      { PublicIp: IP.nat1, AllocationId: 'eipalloc-10', AssociationId: 'eipassoc-1' },
      { PublicIp: IP.nat2, AllocationId: 'eipalloc-11', AssociationId: 'eipassoc-2' },
      { PublicIp: IP.spare, AllocationId: 'eipalloc-12', AssociationId: null },
    ] });
  });
  test('Compliance: a stack with no address at all', async () => {
    expect((await run(check, stack(['VpcedgeSubnet1EIP376AA6D9', 'VpcedgeSubnet2EIP61F8933E', 'SpareIp']))).verdict.status).toBe('pass');
  });
  test('not found (released by hand): an ERROR, never a pass', async () => {
    ec2.on(DescribeAddressesCommand).rejects(sdkError(EC2ServiceException, 'InvalidAddress.NotFound', 400, `Address '${IP.spare}' not found.`));
    expect((await run(check)).verdict.status).toBe('error');
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [address(IP.nat1, 'eipassoc-1'), address(IP.nat2, 'eipassoc-2')] });
    expect((await run(check)).verdict).toEqual({ status: 'error', message: `SpareIp (${IP.spare}) is in the stack but ec2:DescribeAddresses does not find it: it was deleted outside CloudFormation or never created; deploy the lab again` });
  });
  test('throttling and access denied propagate', async () => {
    ec2.on(DescribeAddressesCommand).rejects(ec2Throttled());
    await expectLiveError(run(check), check, 'RequestLimitExceeded', /^AWS kept throttling ec2:DescribeAddresses/);
    ec2.on(DescribeAddressesCommand).rejects(ec2Denied());
    await expectLiveError(run(check), check, 'UnauthorizedOperation', /may not call ec2:DescribeAddresses/);
  });
});

describe('liveDataVolumeGp3', () => {
  const check = liveDataVolumeGp3('c', 'DataVolume');
  const volume = (v: Record<string, unknown>) => ({ Volumes: [{ VolumeId: VOLUME, ...v }] });
  test('Compliance: 50 GB gp3 with its included performance', async () => {
    ec2.on(DescribeVolumesCommand, { VolumeIds: [VOLUME] }).resolves(volume({ VolumeType: 'gp3', Size: 50, Iops: 3000, Throughput: 125 }));
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: `deployed DataVolume (${VOLUME}): 50 GB gp3` });
    expect(evidence[0].observed).toEqual({ VolumeType: 'gp3', Size: 50, Iops: 3000, Throughput: 125 });
  });
  test.each([
    ['io2 with provisioned IOPS (the pristine lab)', { VolumeType: 'io2', Size: 50, Iops: 3000 }, 'VolumeType is io2, want gp3 (3000 IOPS and 125 MB/s included)'],
    ['gp2', { VolumeType: 'gp2', Size: 50, Iops: 150 }, 'VolumeType is gp2, want gp3 (3000 IOPS and 125 MB/s included)'],
    ['gp3 but shrunk', { VolumeType: 'gp3', Size: 20, Iops: 3000, Throughput: 125 }, 'Size is 20, want at least 50 GB'],
    ['gp3 throttled below its baseline', { VolumeType: 'gp3', Size: 50, Iops: 3000, Throughput: 100 }, 'Throughput is 100, want at least 125'],
  ])('Noncompliance: %s', async (_what, v, problem) => {
    ec2.on(DescribeVolumesCommand).resolves(volume(v));
    expect((await run(check)).verdict).toEqual({ status: 'fail', message: `deployed DataVolume (${VOLUME}): ${problem}` });
  });
  test('not found (deleted by hand): an ERROR, never a pass', async () => {
    ec2.on(DescribeVolumesCommand).rejects(sdkError(EC2ServiceException, 'InvalidVolume.NotFound', 400, `The volume '${VOLUME}' does not exist.`));
    expect((await run(check)).verdict).toEqual({ status: 'error', message: `DataVolume (${VOLUME}) is in the stack but ec2:DescribeVolumes does not find it: it was deleted outside CloudFormation or never created; deploy the lab again` });
  });
  test('throttling and access denied propagate', async () => {
    ec2.on(DescribeVolumesCommand).rejects(ec2Throttled());
    await expectLiveError(run(check), check, 'RequestLimitExceeded', /^AWS kept throttling ec2:DescribeVolumes/);
    ec2.on(DescribeVolumesCommand).rejects(ec2Denied());
    await expectLiveError(run(check), check, 'UnauthorizedOperation', /may not call ec2:DescribeVolumes/);
  });
});

describe('liveRootVolumesGp3', () => {
  const check = liveRootVolumesGp3('c', 'WebTemplate');
  const REQUEST = { LaunchTemplateId: LT, Versions: ['$Default', '$Latest'] };
  const version = (n: number, VolumeType: string, VolumeSize = 30) => ({ LaunchTemplateId: LT, VersionNumber: n, DefaultVersion: n === 1, LaunchTemplateData: { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeType: VolumeType as 'gp3', VolumeSize, Encrypted: true } }] } });
  test('Compliance: 30 GB gp3 roots', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand, REQUEST).resolves({ LaunchTemplateVersions: [version(1, 'gp3')] });
    expect((await run(check)).verdict).toEqual({ status: 'pass', message: `deployed WebTemplate (${LT}): root volumes are gp3` });
  });
  test('Noncompliance 1: gp2 roots (the pristine lab)', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [version(1, 'gp2')] });
    expect((await run(check)).verdict).toEqual({ status: 'fail', message: `deployed WebTemplate (${LT}): 30 GB gp2; want gp3 of at least 30 GB` });
  });
  test('Noncompliance 2: the default version is fixed, the latest is not (or the other way round)', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [version(1, 'gp3'), version(2, 'gp3', 8)] });
    expect((await run(check)).verdict.message).toBe(`deployed WebTemplate (${LT}): 8 GB gp3; want gp3 of at least 30 GB`);
  });
  test('Noncompliance 3: no root volume named', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [{ LaunchTemplateId: LT, VersionNumber: 1, LaunchTemplateData: {} }] });
    expect((await run(check)).verdict.message).toBe(`deployed WebTemplate (${LT}) names no root volume: keep the 30 GB root, as gp3`);
  });
  test('not found (deleted by hand): an ERROR, never a pass', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).rejects(sdkError(EC2ServiceException, 'InvalidLaunchTemplateId.NotFound', 400, 'not found'));
    expect((await run(check)).verdict.status).toBe('error');
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [] });
    expect((await run(check)).verdict.status).toBe('error');
  });
  test('throttling and access denied propagate', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).rejects(ec2Throttled());
    await expectLiveError(run(check), check, 'RequestLimitExceeded', /^AWS kept throttling ec2:DescribeLaunchTemplateVersions/);
    ec2.on(DescribeLaunchTemplateVersionsCommand).rejects(ec2Denied());
    await expectLiveError(run(check), check, 'UnauthorizedOperation', /may not call ec2:DescribeLaunchTemplateVersions/);
  });
});

describe('liveDbRightSized', () => {
  const check = liveDbRightSized('c', 'OrdersDb');
  const db = (v: Record<string, unknown>) => ({ DBInstances: [{ DBInstanceIdentifier: DB, MultiAZ: true, AllocatedStorage: 20, ...v }] });
  test('Compliance: a small burstable class, Multi-AZ', async () => {
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: DB }).resolves(db({ DBInstanceClass: 'db.t4g.small' }));
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: `deployed OrdersDb (${DB}): db.t4g.small, Multi-AZ, 20 GB` });
    expect(evidence[0].observed).toEqual({ DBInstanceClass: 'db.t4g.small', MultiAZ: true, AllocatedStorage: 20 });
  });
  test.each([
    ['db.m5.large (the pristine lab)', { DBInstanceClass: 'db.m5.large' }, 'DBInstanceClass is db.m5.large, want one of db.t3.small, db.t4g.small, db.t3.medium, db.t4g.medium'],
    ['cheaper by dropping Multi-AZ', { DBInstanceClass: 'db.t4g.small', MultiAZ: false }, 'MultiAZ is off: the team rehearses failovers on this database, it must stay Multi-AZ'],
    ['too small a class', { DBInstanceClass: 'db.t4g.micro' }, 'DBInstanceClass is db.t4g.micro, want one of db.t3.small, db.t4g.small, db.t3.medium, db.t4g.medium'],
  ])('Noncompliance: %s', async (_what, v, problem) => {
    rds.on(DescribeDBInstancesCommand).resolves(db(v));
    expect((await run(check)).verdict).toEqual({ status: 'fail', message: `deployed OrdersDb (${DB}): ${problem}` });
  });
  test('not found (deleted by hand): an ERROR, never a pass', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(sdkError(RDSServiceException, 'DBInstanceNotFound', 404, `DBInstance ${DB} not found.`));
    expect((await run(check)).verdict).toEqual({ status: 'error', message: `OrdersDb (${DB}) is in the stack but rds:DescribeDBInstances does not find it: it was deleted outside CloudFormation or never created; deploy the lab again` });
  });
  test('throttling and access denied propagate', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(sdkError(RDSServiceException, 'Throttling', 400, 'Rate exceeded'));
    await expectLiveError(run(check), check, 'Throttling', /^AWS kept throttling rds:DescribeDBInstances/);
    rds.on(DescribeDBInstancesCommand).rejects(sdkError(RDSServiceException, 'AccessDenied', 403, 'User: x is not authorized to perform: rds:DescribeDBInstances on resource: y'));
    await expectLiveError(run(check), check, 'AccessDenied', /may not call rds:DescribeDBInstances/);
  });
});

describe('cost-traps declares its live checks', () => {
  test('network, storage and database objectives read the deployed resources', () => {
    const live = Object.fromEntries(drill.objectives.map((o) => [o.id, (o.liveChecks ?? []).map((c) => [c.id, ...c.apiCalls])]));
    expect(live).toEqual({
      'network-right-sized': [['one-nat-gateway-live', 'ec2:DescribeNatGateways'], ['no-idle-eip-live', 'ec2:DescribeAddresses']],
      'storage-right-typed': [['root-volumes-gp3-live', 'ec2:DescribeLaunchTemplateVersions'], ['data-volume-gp3-live', 'ec2:DescribeVolumes']],
      'database-right-sized': [['db-right-sized-live', 'rds:DescribeDBInstances']],
      'data-expires': [],
      'monitoring-right-sized': [],
      'within-budget': [],
      'change-recorded': [],
    });
  });
});
