import { DescribeSecurityGroupsCommand, DescribeVolumesCommand, EC2Client, EC2ServiceException } from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand, RDSClient, RDSServiceException } from '@aws-sdk/client-rds';
import { GetPublicAccessBlockCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import drill from '../../../../drills/01-basics/shared-responsibility/drill';
import { liveDbStorageEncrypted } from '../../../../lib/checks/database/live';
import { liveDefaultSecurityGroupEmpty } from '../../../../lib/checks/network/live';
import { liveBucketBlocksPublicAccess, liveVolumeEncrypted } from '../../../../lib/checks/storage/live';
import { fakeAwsEnv, liveHarness } from '../../../lib/live/fixtures';

beforeAll(fakeAwsEnv);

const STACK_NAME = 'awswo-alice-shared-responsibility';
const VOLUME = 'vol-0a1b2c3d4e5f60718';
const DB_ID = 'awswo-alice-shared-responsibility-reportsdb7d60001d-m3n4b5v6c7x8';
const BUCKET = 'awswo-alice-shared-respons-uploadsbucket6e76b673-z9x8c7v6b5n4';
const VPC = 'vpc-0f1e2d3c4b5a69788';
const SG = 'sg-0123456789abcdef0';
const DEPLOYED = [
  { logicalId: 'ScratchVolume9E4D47D1', physicalId: VOLUME, type: 'AWS::EC2::Volume' },
  { logicalId: 'ReportsDb7D60001D', physicalId: DB_ID, type: 'AWS::RDS::DBInstance' },
  { logicalId: 'UploadsBucket6E76B673', physicalId: BUCKET, type: 'AWS::S3::Bucket' },
  { logicalId: 'Vpc8378EB38', physicalId: VPC, type: 'AWS::EC2::VPC' },
];
const { stack, run } = liveHarness(drill, DEPLOYED);

const meta = { httpStatusCode: 400, requestId: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b', attempts: 1, totalRetryDelay: 0 };
const ec2Denied = () => new EC2ServiceException({ name: 'UnauthorizedOperation', $fault: 'client', message: 'You are not authorized to perform this operation.', $metadata: { ...meta, httpStatusCode: 403 } });
const ec2Throttled = () => new EC2ServiceException({ name: 'RequestLimitExceeded', $fault: 'client', message: 'Request limit exceeded.', $metadata: meta });
const rdsThrottled = () => new RDSServiceException({ name: 'Throttling', $fault: 'client', message: 'Rate exceeded', $metadata: meta });
const s3Error = (name: string, httpStatusCode: number) => new S3ServiceException({ name, $fault: 'client', message: name, $metadata: { ...meta, httpStatusCode } });

const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);
const s3 = mockClient(S3Client);
afterEach(() => {
  ec2.reset();
  rds.reset();
  s3.reset();
});
afterAll(() => {
  ec2.restore();
  rds.restore();
  s3.restore();
});

describe('liveVolumeEncrypted', () => {
  const check = liveVolumeEncrypted('c', 'ScratchVolume');
  test('Compliance: encrypted', async () => {
    ec2.on(DescribeVolumesCommand, { VolumeIds: [VOLUME] }).resolves({ Volumes: [{ VolumeId: VOLUME, Encrypted: true, KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/abcd' }] });
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: `deployed ScratchVolume (${VOLUME}) is encrypted at rest` });
    expect(evidence).toEqual([{ call: 'ec2:DescribeVolumes', request: { VolumeIds: [VOLUME] }, observed: { Encrypted: true, KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/abcd' } }]);
  });
  test('Noncompliance: unencrypted or missing; deleted by hand is an ERROR', async () => {
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: VOLUME, Encrypted: false }] });
    expect((await run(check)).verdict).toEqual({ status: 'fail', message: `deployed ScratchVolume (${VOLUME}) is not encrypted at rest` });
    expect((await run(check, stack(['ScratchVolume9E4D47D1']))).verdict.message).toBe(`ScratchVolume is not in the deployed stack ${STACK_NAME}: fix it, don't delete it, and deploy`);
    ec2.on(DescribeVolumesCommand).rejects(new EC2ServiceException({ name: 'InvalidVolume.NotFound', $fault: 'client', message: 'not found', $metadata: meta }));
    expect((await run(check)).verdict.status).toBe('error');
  });
  test('SDK errors propagate unchanged (UnauthorizedOperation)', async () => {
    ec2.on(DescribeVolumesCommand).rejects(ec2Denied());
    await expect(run(check)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });
});

describe('liveDbStorageEncrypted', () => {
  const check = liveDbStorageEncrypted('c', 'ReportsDb');
  test('Compliance: storage encrypted', async () => {
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: DB_ID }).resolves({ DBInstances: [{ DBInstanceIdentifier: DB_ID, StorageEncrypted: true, KmsKeyId: 'k' }] });
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: `deployed ReportsDb (${DB_ID}) stores its data encrypted` });
    expect(evidence[0]).toEqual({ call: 'rds:DescribeDBInstances', request: { DBInstanceIdentifier: DB_ID }, observed: { StorageEncrypted: true, KmsKeyId: 'k' } });
  });
  test('Noncompliance: storage unencrypted', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: DB_ID, StorageEncrypted: false }] });
    expect((await run(check)).verdict).toEqual({ status: 'fail', message: `deployed ReportsDb (${DB_ID}) stores its data unencrypted` });
  });
  test('SDK errors propagate unchanged (Throttling)', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(rdsThrottled());
    await expect(run(check)).rejects.toMatchObject({ name: 'Throttling' });
  });
});

describe('liveBucketBlocksPublicAccess', () => {
  const check = liveBucketBlocksPublicAccess('c', 'UploadsBucket/Bucket');
  const all = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
  test('Compliance: all four blocks on', async () => {
    s3.on(GetPublicAccessBlockCommand, { Bucket: BUCKET }).resolves({ PublicAccessBlockConfiguration: all });
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: `deployed UploadsBucket/Bucket (${BUCKET}) blocks all four kinds of public access` });
    expect(evidence).toEqual([{ call: 's3:GetPublicAccessBlock', request: { Bucket: BUCKET }, observed: all }]);
  });
  test('Noncompliance 1: only the ACL blocks on', async () => {
    s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { ...all, BlockPublicPolicy: false, RestrictPublicBuckets: false } });
    expect((await run(check)).verdict).toEqual({ status: 'fail', message: `deployed UploadsBucket/Bucket (${BUCKET}) has BlockPublicPolicy, RestrictPublicBuckets off: all four public access blocks must be on` });
  });
  test('Noncompliance 2: no configuration at all', async () => {
    s3.on(GetPublicAccessBlockCommand).rejects(s3Error('NoSuchPublicAccessBlockConfiguration', 404));
    const { verdict, evidence } = await run(check);
    expect(verdict.message).toBe(`deployed UploadsBucket/Bucket (${BUCKET}) has BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets off: all four public access blocks must be on`);
    expect(evidence[0].observed).toEqual({ BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false });
  });
  test('SDK errors propagate unchanged (AccessDenied)', async () => {
    s3.on(GetPublicAccessBlockCommand).rejects(s3Error('AccessDenied', 403));
    await expect(run(check)).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('liveDefaultSecurityGroupEmpty', () => {
  const check = liveDefaultSecurityGroupEmpty('c', 'Vpc');
  const FILTERS = [{ Name: 'vpc-id', Values: [VPC] }, { Name: 'group-name', Values: ['default'] }];
  test('Compliance: no rules', async () => {
    ec2.on(DescribeSecurityGroupsCommand, { Filters: FILTERS }).resolves({ SecurityGroups: [{ GroupId: SG, GroupName: 'default', VpcId: VPC, IpPermissions: [], IpPermissionsEgress: [] }] });
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: `the default security group ${SG} of deployed Vpc (${VPC}) has no rules` });
    expect(evidence).toEqual([{ call: 'ec2:DescribeSecurityGroups', request: { Filters: FILTERS }, observed: { GroupId: SG, IpPermissions: [], IpPermissionsEgress: [] } }]);
  });
  test('Noncompliance: AWS\'s default rules are still there', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{
      GroupId: SG,
      GroupName: 'default',
      VpcId: VPC,
      IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: SG }] }],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    }] });
    expect((await run(check)).verdict).toEqual({ status: 'fail', message: `the default security group ${SG} of deployed Vpc (${VPC}) still has 1 inbound and 1 outbound rules: set restrictDefaultSecurityGroup: true` });
  });
  test('SDK errors propagate unchanged (RequestLimitExceeded)', async () => {
    ec2.on(DescribeSecurityGroupsCommand).rejects(ec2Throttled());
    await expect(run(check)).rejects.toMatchObject({ name: 'RequestLimitExceeded' });
  });
});

describe('shared-responsibility declares its live checks', () => {
  test('the four resource objectives have live checks with exact calls; the runbook one has none', () => {
    const live = Object.fromEntries(drill.objectives.map((o) => [o.id, (o.liveChecks ?? []).map((c) => [c.id, ...c.apiCalls])]));
    expect(live).toEqual({
      'volume-encrypted': [['volume-encryption-live', 'ec2:DescribeVolumes']],
      'db-encrypted': [['db-encryption-live', 'rds:DescribeDBInstances']],
      'bucket-private': [['public-access-block-live', 's3:GetBucketPublicAccessBlock']],
      'default-sg-restricted': [['default-sg-live', 'ec2:DescribeSecurityGroups']],
      'change-recorded': [],
    });
  });
});
