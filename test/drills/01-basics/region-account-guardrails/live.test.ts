import { CloudTrailClient, CloudTrailServiceException, GetEventSelectorsCommand, GetTrailCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import drill from '../../../../drills/01-basics/region-account-guardrails/drill';
import { liveTrailAudited, recordsManagementEvents } from '../../../../drills/01-basics/region-account-guardrails/live';
import { fakeAwsEnv, liveHarness } from '../../../lib/live/fixtures';
import { expectLiveError, sdkError } from '../../../lib/live/sdk-errors';

beforeAll(fakeAwsEnv);

const TRAIL = 'awswo-alice-region-account-guardrails-AuditTrailFF0F2BB5-Qz7Xc1Vb3Nm5';
const BUCKET = 'awswo-alice-region-account-trailogsbucket733abbb4-p0o9i8u7y6t5';
const { run, stack, stackName } = liveHarness(drill, [
  { logicalId: 'AuditTrailFF0F2BB5', physicalId: TRAIL, type: 'AWS::CloudTrail::Trail' },
  { logicalId: 'TrailLogsBucket733ABBB4', physicalId: BUCKET, type: 'AWS::S3::Bucket' },
]);
const ct = mockClient(CloudTrailClient);
afterEach(() => ct.reset());
afterAll(() => ct.restore());

const AUDITED = { Name: TRAIL, S3BucketName: BUCKET, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, LogFileValidationEnabled: true, HomeRegion: 'eu-west-1' };
function deployed(trail: Record<string, unknown> = {}, opts: { logging?: boolean; selectors?: Record<string, unknown> } = {}) {
  ct.on(GetTrailCommand, { Name: TRAIL }).resolves({ Trail: { ...AUDITED, ...trail } });
  ct.on(GetTrailStatusCommand, { Name: TRAIL }).resolves({ IsLogging: opts.logging ?? true });
  ct.on(GetEventSelectorsCommand, { TrailName: TRAIL }).resolves(opts.selectors ?? { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }] });
}
const check = liveTrailAudited('c', 'AuditTrail', 'TrailLogs/Bucket');

describe('liveTrailAudited', () => {
  test('Compliance: all regions, global events, validation, logging, management events, the lab bucket', async () => {
    deployed();
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: `deployed AuditTrail (${TRAIL}) is logging management events of every region, global service events included, with log file validation, into TrailLogs/Bucket` });
    expect(evidence[0]).toEqual({
      call: 'cloudtrail:GetTrail',
      request: { Name: TRAIL },
      observed: { LogFileValidationEnabled: true, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, IsLogging: true, HomeRegion: 'eu-west-1', S3BucketName: BUCKET },
    });
  });
  test('Noncompliance 1: the pristine trail (one region, no global events, no validation)', async () => {
    deployed({ IsMultiRegionTrail: false, IncludeGlobalServiceEvents: false, LogFileValidationEnabled: false });
    expect((await run(check)).verdict).toEqual({
      status: 'fail',
      message: `deployed AuditTrail (${TRAIL}): LogFileValidationEnabled is false (log file validation); IsMultiRegionTrail is false (every region); IncludeGlobalServiceEvents is false (global service events (IAM, STS sign-ins))`,
    });
  });
  test('Noncompliance 2: fixed in the template, then logging stopped by hand', async () => {
    deployed({}, { logging: false });
    expect((await run(check)).verdict.message).toBe(`deployed AuditTrail (${TRAIL}): IsLogging is false (logging)`);
  });
  test.each([
    ['write-only management events', { EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] }],
    ['data events only', { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }] }],
    ['advanced selectors on data events', { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }] }],
    ['advanced selectors on read-only management events', { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] }] }],
  ])('Noncompliance 3: %s', async (_what, selectors) => {
    deployed({}, { selectors });
    expect((await run(check)).verdict.message).toBe(`deployed AuditTrail (${TRAIL}): its event selectors leave out management events, or their reads or writes`);
  });
  test('Noncompliance 4: another bucket, another home region', async () => {
    deployed({ S3BucketName: 'someone-elses-bucket', HomeRegion: 'us-east-1' });
    expect((await run(check)).verdict.message).toBe(`deployed AuditTrail (${TRAIL}): its home region is us-east-1, not the lab's eu-west-1; it writes to someone-elses-bucket, not to TrailLogs/Bucket (${BUCKET})`);
  });
  test('Noncompliance 5: the trail removed from the lab', async () => {
    expect((await run(check, stack(['AuditTrailFF0F2BB5']))).verdict).toEqual({ status: 'fail', message: `AuditTrail is not in the deployed stack ${stackName}: fix it, don't delete it, and deploy` });
  });
  test('management events: CloudTrail\'s default (no selectors) and advanced selectors on all management events count', () => {
    expect(recordsManagementEvents(undefined, undefined)).toBe(true);
    expect(recordsManagementEvents([], [])).toBe(true);
    expect(recordsManagementEvents(undefined, [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }])).toBe(true);
  });
  test('not found (deleted by hand): an ERROR, never a pass', async () => {
    ct.on(GetTrailCommand).rejects(sdkError(CloudTrailServiceException, 'TrailNotFoundException', 400, 'Unknown trail'));
    expect((await run(check)).verdict).toEqual({ status: 'error', message: `AuditTrail (${TRAIL}) is in the stack but cloudtrail:GetTrail does not find it: it was deleted outside CloudFormation or never created; deploy the lab again` });
  });
  test('throttling and access denied propagate to the runner as one line', async () => {
    deployed();
    ct.on(GetTrailStatusCommand).rejects(sdkError(CloudTrailServiceException, 'ThrottlingException'));
    await expectLiveError(run(check), check, 'ThrottlingException', /^AWS kept throttling cloudtrail:GetTrailStatus .*in live check c/);
    ct.on(GetEventSelectorsCommand).rejects(sdkError(CloudTrailServiceException, 'AccessDeniedException', 400, 'Access denied'));
    ct.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    await expectLiveError(run(check), check, 'AccessDeniedException', /^access denied \(live check c, cloudtrail:GetEventSelectors\): the grader's credentials may not call cloudtrail:GetEventSelectors/);
  });
});

describe('region-account-guardrails declares its live checks', () => {
  test('every resource objective has one, with its exact calls', () => {
    const live = Object.fromEntries(drill.objectives.map((o) => [o.id, (o.liveChecks ?? []).map((c) => [c.id, ...c.apiCalls])]));
    expect(live).toEqual({
      'environment-pinned': [['allowed-region-live', 'cloudformation:DescribeStacks']],
      'resources-tagged': [['required-tags-live', 'ssm:ListTagsForResource']],
      'trail-audited': [['trail-live', 'cloudtrail:GetTrail', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors']],
      'change-recorded': [],
    });
  });
});
