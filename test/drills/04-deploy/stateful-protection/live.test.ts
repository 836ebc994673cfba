import { DescribeDBInstancesCommand, RDSClient, RDSServiceException } from '@aws-sdk/client-rds';
import { GetBucketVersioningCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import drill from '../../../../drills/04-deploy/stateful-protection/drill';
import { liveDbBackupRetention, liveDbDeletionProtected } from '../../../../lib/checks/database/live';
import { liveBucketVersioned } from '../../../../lib/checks/storage/live';
import { fakeAwsEnv, liveHarness } from '../../../lib/live/fixtures';

beforeAll(fakeAwsEnv);

const STACK_NAME = 'awswo-alice-stateful-protection';
const DB_ID = 'awswo-alice-stateful-protection-ordersdb889e652a-x1y2z3a4b5c6';
const BUCKET = 'awswo-alice-stateful-protection-invoicesbucket9a1ffb0f-q7w8e9r0t1y2';
const DEPLOYED = [
  { logicalId: 'OrdersDb889E652A', physicalId: DB_ID, type: 'AWS::RDS::DBInstance' },
  { logicalId: 'InvoicesBucket9A1FFB0F', physicalId: BUCKET, type: 'AWS::S3::Bucket' },
];
const { stack, run } = liveHarness(drill, DEPLOYED);

const meta = { httpStatusCode: 400, requestId: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b', attempts: 1, totalRetryDelay: 0 };
const rdsThrottled = () => new RDSServiceException({ name: 'Throttling', $fault: 'client', message: 'Rate exceeded', $metadata: meta });
const rdsNotFound = () => new RDSServiceException({ name: 'DBInstanceNotFoundFault', $fault: 'client', message: `DBInstance ${DB_ID} not found.`, $metadata: { ...meta, httpStatusCode: 404 } });
const s3Denied = () => new S3ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'Access Denied', $metadata: { ...meta, httpStatusCode: 403 } });

const rds = mockClient(RDSClient);
const s3 = mockClient(S3Client);
afterEach(() => {
  rds.reset();
  s3.reset();
});
afterAll(() => {
  rds.restore();
  s3.restore();
});

const dbAs = (DeletionProtection: boolean, BackupRetentionPeriod: number) =>
  rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: DB_ID }).resolves({ DBInstances: [{ DBInstanceIdentifier: DB_ID, DeletionProtection, BackupRetentionPeriod, PreferredBackupWindow: '03:00-03:30', StorageEncrypted: true }] });

describe('liveDbDeletionProtected', () => {
  const check = liveDbDeletionProtected('c', 'OrdersDb');
  test('Compliance: deletion protection on', async () => {
    dbAs(true, 7);
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: `deployed OrdersDb (${DB_ID}) has deletion protection on` });
    expect(evidence).toEqual([{ call: 'rds:DescribeDBInstances', request: { DBInstanceIdentifier: DB_ID }, observed: { DeletionProtection: true } }]);
  });
  test('Noncompliance: deletion protection off', async () => {
    dbAs(false, 7);
    expect((await run(check)).verdict).toEqual({ status: 'fail', message: `deployed OrdersDb (${DB_ID}) has deletion protection off: one delete, by hand or by CloudFormation, loses the data` });
  });
  test('Noncompliance: not in the deployed stack; deleted by hand is an ERROR', async () => {
    dbAs(true, 7);
    expect((await run(check, stack(['OrdersDb889E652A']))).verdict).toEqual({ status: 'fail', message: `OrdersDb is not in the deployed stack ${STACK_NAME}: fix it, don't delete it, and deploy` });
    rds.on(DescribeDBInstancesCommand).rejects(rdsNotFound());
    expect((await run(check)).verdict).toEqual({ status: 'error', message: `OrdersDb (${DB_ID}) is in the stack but no longer exists: it was deleted outside CloudFormation; deploy the lab again` });
  });
  test('SDK errors propagate unchanged (Throttling)', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(rdsThrottled());
    await expect(run(check)).rejects.toMatchObject({ name: 'Throttling' });
  });
});

describe('liveDbBackupRetention', () => {
  const check = liveDbBackupRetention('c', 'OrdersDb', 7);
  test('Compliance: seven days of backups', async () => {
    dbAs(true, 7);
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: `deployed OrdersDb (${DB_ID}) keeps 7 days of automated backups` });
    expect(evidence[0].observed).toEqual({ BackupRetentionPeriod: 7, PreferredBackupWindow: '03:00-03:30' });
  });
  test('Noncompliance 1: backups off', async () => {
    dbAs(true, 0);
    expect((await run(check)).verdict).toEqual({ status: 'fail', message: `deployed OrdersDb (${DB_ID}) has automated backups off (BackupRetentionPeriod 0): no point-in-time restore` });
  });
  test('Noncompliance 2: one day is too short', async () => {
    dbAs(true, 1);
    expect((await run(check)).verdict.message).toBe(`deployed OrdersDb (${DB_ID}) keeps backups for 1 day; at least 7 are required`);
  });
  test('SDK errors propagate unchanged (Throttling)', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(rdsThrottled());
    await expect(run(check)).rejects.toMatchObject({ name: 'Throttling' });
  });
});

describe('liveBucketVersioned', () => {
  const check = liveBucketVersioned('c', 'InvoicesBucket/Bucket');
  test('Compliance: versioning enabled', async () => {
    s3.on(GetBucketVersioningCommand, { Bucket: BUCKET }).resolves({ Status: 'Enabled' });
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: `deployed InvoicesBucket/Bucket (${BUCKET}) has versioning enabled` });
    expect(evidence).toEqual([{ call: 's3:GetBucketVersioning', request: { Bucket: BUCKET }, observed: { Status: 'Enabled' } }]);
  });
  test('Noncompliance 1: never enabled', async () => {
    s3.on(GetBucketVersioningCommand).resolves({});
    expect((await run(check)).verdict).toEqual({ status: 'fail', message: `deployed InvoicesBucket/Bucket (${BUCKET}) has versioning never enabled: an overwritten or deleted invoice cannot be recovered` });
  });
  test('Noncompliance 2: suspended', async () => {
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Suspended' });
    expect((await run(check)).verdict.status).toBe('fail');
  });
  test('SDK errors propagate unchanged (AccessDenied)', async () => {
    s3.on(GetBucketVersioningCommand).rejects(s3Denied());
    await expect(run(check)).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('stateful-protection declares its live checks', () => {
  test('three objectives have live checks with exact calls; the template-only and runbook ones have none', () => {
    const live = Object.fromEntries(drill.objectives.map((o) => [o.id, (o.liveChecks ?? []).map((c) => [c.id, ...c.apiCalls])]));
    expect(live).toEqual({
      'deletion-protected': [['deletion-protection-live', 'rds:DescribeDBInstances']],
      'snapshot-on-delete': [],
      'automated-backups': [['backup-retention-live', 'rds:DescribeDBInstances']],
      'bucket-versioned': [['versioning-live', 's3:GetBucketVersioning']],
      'change-recorded': [],
    });
  });
});
