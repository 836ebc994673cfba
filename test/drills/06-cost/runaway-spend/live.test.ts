import { BudgetsClient, BudgetsServiceException, DescribeBudgetCommand, DescribeNotificationsForBudgetCommand, DescribeSubscribersForNotificationCommand } from '@aws-sdk/client-budgets';
import { GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetFunctionCommand, GetFunctionConcurrencyCommand, GetFunctionConfigurationCommand, LambdaClient, LambdaServiceException } from '@aws-sdk/client-lambda';
import { GetBucketNotificationConfigurationCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import drill from '../../../../drills/06-cost/runaway-spend/drill';
import { liveBudgetAlert, liveConcurrencyCapped, liveNoS3Loop } from '../../../../drills/06-cost/runaway-spend/live';
import { fakeAwsEnv, liveHarness } from '../../../lib/live/fixtures';
import { expectLiveError, sdkError } from '../../../lib/live/sdk-errors';

beforeAll(fakeAwsEnv);

const ACCOUNT = '123456789012';
const FN = 'awswo-alice-runaway-spend-ThumbnailFunctionF21B132-Ab3Cd5Ef7Gh9';
const FN_ARN = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${FN}`;
const ROLE = 'awswo-alice-runaway-spend-ThumbnailRoleE3F05B07-Ij2Kl4Mn6Op8';
const UPLOADS = 'awswo-alice-runaway-spend-uploadsbucket6e76b673-q1w2e3r4t5y6';
const THUMBS = 'awswo-alice-runaway-spend-thumbnailsbucket-z9x8c7v6b5n4';
const BUDGET = 'awswo-alice-runaway-spend-thumbnails';
const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:awswo-alice-runaway-spend-SpendAlerts`;
const { run, stack, stackName } = liveHarness(drill, [
  { logicalId: 'ThumbnailFunctionF21B132B', physicalId: FN, type: 'AWS::Lambda::Function' },
  { logicalId: 'ThumbnailRoleE3F05B07', physicalId: ROLE, type: 'AWS::IAM::Role' },
  { logicalId: 'UploadsBucket6E76B673', physicalId: UPLOADS, type: 'AWS::S3::Bucket' },
  { logicalId: 'ThumbnailsBucketA1B2C3D4', physicalId: THUMBS, type: 'AWS::S3::Bucket' },
  { logicalId: 'SpendBudget', physicalId: BUDGET, type: 'AWS::Budgets::Budget' },
]);
const lambda = mockClient(LambdaClient);
const s3 = mockClient(S3Client);
const iam = mockClient(IAMClient);
const budgets = mockClient(BudgetsClient);
const sns = mockClient(SNSClient);
const all = [lambda, s3, iam, budgets, sns];
afterEach(() => all.forEach((m) => m.reset()));
afterAll(() => all.forEach((m) => m.restore()));

describe('liveConcurrencyCapped', () => {
  const check = liveConcurrencyCapped('c', 'ThumbnailFunction');
  test('Compliance: 5 reserved', async () => {
    lambda.on(GetFunctionConcurrencyCommand, { FunctionName: FN }).resolves({ ReservedConcurrentExecutions: 5 });
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: `deployed ThumbnailFunction (${FN}) runs at most 5 copies at once` });
    expect(evidence).toEqual([{ call: 'lambda:GetFunctionConcurrency', request: { FunctionName: FN }, observed: { ReservedConcurrentExecutions: 5 } }]);
  });
  test.each([
    ['none reserved (the pristine lab)', undefined, 'has no reserved concurrency: it scales to the account limit'],
    ['0 (the function never runs)', 0, ': ReservedConcurrentExecutions is 0, want 1 to 10 (0 stops the function altogether)'],
    ['more than the README allows', 50, ': ReservedConcurrentExecutions is 50, want 1 to 10'],
  ])('Noncompliance: %s', async (_what, n, problem) => {
    lambda.on(GetFunctionConcurrencyCommand).resolves(n === undefined ? {} : { ReservedConcurrentExecutions: n });
    expect((await run(check)).verdict).toEqual({ status: 'fail', message: `deployed ThumbnailFunction (${FN})${problem.startsWith(':') ? '' : ' '}${problem}` });
  });
  test('not found (deleted by hand): an ERROR, never a pass', async () => {
    lambda.on(GetFunctionConcurrencyCommand).rejects(sdkError(LambdaServiceException, 'ResourceNotFoundException', 404, `Function not found: ${FN_ARN}`));
    expect((await run(check)).verdict).toEqual({ status: 'error', message: `ThumbnailFunction (${FN}) is in the stack but lambda:GetFunctionConcurrency does not find it: it was deleted outside CloudFormation or never created; deploy the lab again` });
  });
  test('throttling and access denied propagate', async () => {
    lambda.on(GetFunctionConcurrencyCommand).rejects(sdkError(LambdaServiceException, 'TooManyRequestsException', 429, 'Rate exceeded'));
    await expectLiveError(run(check), check, 'TooManyRequestsException', /^AWS kept throttling lambda:GetFunctionConcurrency/);
    lambda.on(GetFunctionConcurrencyCommand).rejects(sdkError(LambdaServiceException, 'AccessDeniedException', 403, `User: x is not authorized to perform: lambda:GetFunctionConcurrency on resource: ${FN_ARN}`));
    await expectLiveError(run(check), check, 'AccessDeniedException', /may not call lambda:GetFunctionConcurrency/);
  });
});

describe('liveNoS3Loop', () => {
  const check = liveNoS3Loop('c', 'ThumbnailFunction');
  const trigger = (filter?: Record<string, string>, arn = FN_ARN) => ({
    Id: 'n1',
    LambdaFunctionArn: arn,
    Events: ['s3:ObjectCreated:*' as const],
    ...(filter ? { Filter: { Key: { FilterRules: Object.entries(filter).map(([Name, Value]) => ({ Name: Name as 'prefix', Value })) } } } : {}),
  });
  function deployed(opts: { uploads?: unknown[]; thumbs?: unknown[]; writes: string[] }) {
    lambda.on(GetFunctionConfigurationCommand, { FunctionName: FN }).resolves({ FunctionName: FN, FunctionArn: FN_ARN, Role: `arn:aws:iam::${ACCOUNT}:role/${ROLE}` });
    s3.on(GetBucketNotificationConfigurationCommand, { Bucket: UPLOADS }).resolves({ LambdaFunctionConfigurations: (opts.uploads ?? []) as never });
    s3.on(GetBucketNotificationConfigurationCommand, { Bucket: THUMBS }).resolves({ LambdaFunctionConfigurations: (opts.thumbs ?? []) as never });
    iam.on(ListRolePoliciesCommand, { RoleName: ROLE }).resolves({ PolicyNames: ['ThumbnailRoleDefaultPolicy'], IsTruncated: false });
    iam.on(GetRolePolicyCommand, { RoleName: ROLE, PolicyName: 'ThumbnailRoleDefaultPolicy' }).resolves({
      RoleName: ROLE,
      PolicyName: 'ThumbnailRoleDefaultPolicy',
      PolicyDocument: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: opts.writes }] })),
    });
    iam.on(ListAttachedRolePoliciesCommand, { RoleName: ROLE }).resolves({ AttachedPolicies: [], IsTruncated: false });
  }
  test('Compliance 1: triggered on uploads/, writes thumbnails/ (the reference fix)', async () => {
    deployed({ uploads: [trigger({ prefix: 'uploads/' })], writes: [`arn:aws:s3:::${UPLOADS}/thumbnails/*`] });
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: 'UploadsBucket6E76B673 invokes ThumbnailFunction on new objects under "uploads/"; ThumbnailFunction may write none of those keys' });
    expect(evidence.map((e) => e.call)).toEqual(['lambda:GetFunctionConfiguration', 's3:GetBucketNotificationConfiguration', 's3:GetBucketNotificationConfiguration', 'iam:GetRolePolicy']);
  });
  test('Compliance 2: writes into another bucket that triggers nothing', async () => {
    deployed({ uploads: [trigger()], writes: [`arn:aws:s3:::${THUMBS}/*`] });
    expect((await run(check)).verdict.status).toBe('pass');
  });
  test('Compliance 3: a suffix filter the thumbnails never match', async () => {
    deployed({ uploads: [trigger({ suffix: '.jpg' })], writes: [`arn:aws:s3:::${UPLOADS}/*.png`] });
    expect((await run(check)).verdict.status).toBe('pass');
  });
  test('Noncompliance 1: every new object triggers, and the function writes anywhere in the bucket (the pristine lab)', async () => {
    deployed({ uploads: [trigger()], writes: [`arn:aws:s3:::${UPLOADS}/*`] });
    expect((await run(check)).verdict).toEqual({
      status: 'fail',
      message: `recursive loop in the deployed stack: UploadsBucket6E76B673 (${UPLOADS}) invokes ThumbnailFunction on every new object, and ThumbnailFunction may s3:PutObject there (inline policy ThumbnailRoleDefaultPolicy): every object it writes invokes it again`,
    });
  });
  test('Noncompliance 2: a prefix filter, but the function may still write under it', async () => {
    deployed({ uploads: [trigger({ prefix: 'uploads/' })], writes: [`arn:aws:s3:::${UPLOADS}/*`] });
    expect((await run(check)).verdict.message).toMatch(/^recursive loop in the deployed stack: UploadsBucket6E76B673 .* invokes ThumbnailFunction on new objects under "uploads\/", and ThumbnailFunction may s3:PutObject there/);
  });
  test('Noncompliance 3: thumbnails moved to another bucket, which triggers the function too (through an alias)', async () => {
    deployed({ uploads: [trigger({ prefix: 'uploads/' })], thumbs: [trigger(undefined, `${FN_ARN}:live`)], writes: [`arn:aws:s3:::${THUMBS}/*`] });
    expect((await run(check)).verdict.message).toMatch(/ThumbnailsBucketA1B2C3D4 .* invokes ThumbnailFunction on every new object, and ThumbnailFunction may s3:PutObject there/);
  });
  test('Noncompliance 4: no trigger left (uploads get no thumbnails), or the function removed', async () => {
    deployed({ uploads: [], writes: [`arn:aws:s3:::${UPLOADS}/thumbnails/*`] });
    expect((await run(check)).verdict).toEqual({ status: 'fail', message: 'no bucket of the deployed stack invokes ThumbnailFunction on new objects any more: uploads would get no thumbnails' });
    expect((await run(check, stack(['ThumbnailFunctionF21B132B']))).verdict.message).toBe(`ThumbnailFunction is not in the deployed stack ${stackName}: fix it, don't delete it, and deploy`);
  });
  test('not found (deleted by hand): an ERROR, never a pass', async () => {
    lambda.on(GetFunctionConfigurationCommand).rejects(sdkError(LambdaServiceException, 'ResourceNotFoundException', 404, 'Function not found'));
    expect((await run(check)).verdict.status).toBe('error');
    deployed({ uploads: [trigger()], writes: [] });
    s3.on(GetBucketNotificationConfigurationCommand, { Bucket: UPLOADS }).rejects(sdkError(S3ServiceException, 'NoSuchBucket', 404));
    expect((await run(check)).verdict).toEqual({ status: 'error', message: `UploadsBucket6E76B673 (${UPLOADS}) is in the stack but s3:GetBucketNotificationConfiguration does not find it: it was deleted outside CloudFormation or never created; deploy the lab again` });
  });
  test('throttling and access denied propagate', async () => {
    deployed({ uploads: [trigger()], writes: [] });
    s3.on(GetBucketNotificationConfigurationCommand).rejects(sdkError(S3ServiceException, 'SlowDown', 503, 'Please reduce your request rate.'));
    await expectLiveError(run(check), check, 'SlowDown', /^AWS kept throttling s3:GetBucketNotificationConfiguration/);
    s3.on(GetBucketNotificationConfigurationCommand).rejects(sdkError(S3ServiceException, 'AccessDenied', 403, 'Access Denied'));
    await expectLiveError(run(check), check, 'AccessDenied', /^access denied \(live check c, s3:GetBucketNotificationConfiguration\): the grader's credentials may not call s3:GetBucketNotification\b/);
  });
});

describe('liveBudgetAlert', () => {
  const check = liveBudgetAlert('c', 'SpendBudget', 'ThumbnailFunction');
  const NOTIFICATION = { NotificationType: 'ACTUAL' as const, ComparisonOperator: 'GREATER_THAN' as const, Threshold: 50, ThresholdType: 'PERCENTAGE' as const };
  const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'budgets.amazonaws.com' }, Action: 'sns:Publish', Resource: TOPIC }] });
  function deployed(opts: { budget?: Record<string, unknown>; notification?: Record<string, unknown>; subscribers?: Array<{ SubscriptionType: 'SNS' | 'EMAIL'; Address: string }>; policy?: string } = {}) {
    budgets.on(DescribeBudgetCommand, { AccountId: ACCOUNT, BudgetName: BUDGET }).resolves({ Budget: { BudgetName: BUDGET, BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '5.0', Unit: 'USD' }, ...opts.budget } as never });
    budgets.on(DescribeNotificationsForBudgetCommand).resolves({ Notifications: [{ ...NOTIFICATION, ...opts.notification } as never] });
    budgets.on(DescribeSubscribersForNotificationCommand).resolves({ Subscribers: opts.subscribers ?? [{ SubscriptionType: 'SNS', Address: TOPIC }] });
    sns.on(GetTopicAttributesCommand, { TopicArn: TOPIC }).resolves({ Attributes: { TopicArn: TOPIC, ...(opts.policy === '' ? {} : { Policy: opts.policy ?? POLICY }) } });
  }
  test('Compliance: a $5 monthly cost budget alerting at 50 % to a topic budgets may publish to (the reference fix)', async () => {
    deployed();
    const { verdict, evidence } = await run(check);
    expect(verdict).toEqual({ status: 'pass', message: `deployed SpendBudget (${BUDGET}): MONTHLY cost budget of $5 with 1 alert(s) someone receives` });
    expect(evidence.map((e) => e.call)).toEqual(['budgets:DescribeBudget', 'sns:GetTopicAttributes']);
  });
  test('Compliance: an email subscriber needs no topic', async () => {
    deployed({ subscribers: [{ SubscriptionType: 'EMAIL', Address: 'ops@example.com' }] });
    expect((await run(check)).verdict.status).toBe('pass');
  });
  test('Noncompliance 1: no budget of the lab\'s own (the pristine lab)', async () => {
    expect((await run(check, stack(['SpendBudget']))).verdict).toEqual({ status: 'fail', message: `SpendBudget is not in the deployed stack ${stackName}: fix it, don't delete it, and deploy` });
  });
  test.each([
    ['too big a limit', { budget: { BudgetLimit: { Amount: '500', Unit: 'USD' } } }, 'the limit is 500 USD, want at most 20 USD'],
    ['a usage budget', { budget: { BudgetType: 'USAGE' } }, 'BudgetType is USAGE, want COST'],
    ['an alert at 150 %', { notification: { Threshold: 150 } }, 'no notification at or under 100 % reaches an email address or an SNS topic whose policy lets budgets.amazonaws.com publish'],
    ['a topic budgets may not publish to', { policy: '' }, 'no notification at or under 100 % reaches an email address or an SNS topic whose policy lets budgets.amazonaws.com publish'],
    ['a malformed email address', { subscribers: [{ SubscriptionType: 'EMAIL' as const, Address: 'ops' }] }, 'no notification at or under 100 % reaches an email address or an SNS topic whose policy lets budgets.amazonaws.com publish'],
  ])('Noncompliance 2: %s', async (_what, opts, problem) => {
    deployed(opts);
    expect((await run(check)).verdict).toEqual({ status: 'fail', message: `deployed SpendBudget (${BUDGET}): ${problem}` });
  });
  describe('cost filters count the deployed function\'s spend, by the tags it carries', () => {
    const TAGS = { 'awswo:drill': 'runaway-spend', 'awswo:student': 'alice', 'aws:cloudformation:logical-id': 'ThumbnailFunctionF21B132B' };
    const withTags = (Tags: Record<string, string> = TAGS) => lambda.on(GetFunctionCommand, { FunctionName: FN }).resolves({ Tags });
    test('Compliance: the reference fix\'s filter on its own drill tag', async () => {
      deployed({ budget: { CostFilters: { TagKeyValue: ['user:awswo:drill$runaway-spend'] } } });
      withTags();
      const { verdict, evidence } = await run(check);
      expect(verdict.status).toBe('pass');
      expect(evidence.map((e) => e.call)).toEqual(['budgets:DescribeBudget', 'lambda:GetFunction', 'sns:GetTopicAttributes']);
      expect(evidence[0].observed).toMatchObject({ CostFilters: { TagKeyValue: ['user:awswo:drill$runaway-spend'] }, FilterExpression: null });
    });
    test('Compliance: a FilterExpression on the Lambda service', async () => {
      deployed({ budget: { FilterExpression: { Dimensions: { Key: 'SERVICE', Values: ['AWS Lambda'] } } } });
      withTags();
      expect((await run(check)).verdict.status).toBe('pass');
    });
    test.each([
      ['another service', { CostFilters: { Service: ['Amazon Relational Database Service'] } }, "it counts only the service(s) Amazon Relational Database Service, so ThumbnailFunction's spend (AWS Lambda) is not in it"],
      ['another drill\'s tag', { CostFilters: { TagKeyValue: ['user:awswo:drill$cost-traps'] } }, 'it counts only resources tagged awswo:drill=cost-traps, which ThumbnailFunction is not'],
      ['everything but this drill', { FilterExpression: { Not: { Tags: { Key: 'awswo:drill', Values: ['runaway-spend'] } } } }, "its FilterExpression leaves out ThumbnailFunction's spend (AWS Lambda, tagged awswo:drill=runaway-spend, awswo:student=alice)"],
    ])('Noncompliance: a filter on %s leaves the function out', async (_what, budget, problem) => {
      deployed({ budget });
      withTags();
      expect((await run(check)).verdict).toEqual({ status: 'fail', message: `deployed SpendBudget (${BUDGET}): ${problem}` });
    });
    test('tags that spell a verdict are tags: the filter still leaves the function out', async () => {
      deployed({ budget: { CostFilters: { TagKeyValue: ['user:awswo:drill$cost-traps'] } } });
      withTags({ ...TAGS, status: 'pass', message: 'fine' });
      expect((await run(check)).verdict.status).toBe('fail');
    });
    test('a filter the grader does not evaluate is an ERROR, never a pass', async () => {
      deployed({ budget: { CostFilters: { Region: ['eu-west-1'] } } });
      withTags();
      expect((await run(check)).verdict).toEqual({ status: 'error', message: `deployed SpendBudget (${BUDGET}): the budget filters on Region, which the grader does not evaluate` });
    });
    test('the function not found (deleted by hand): an ERROR; throttling propagates', async () => {
      deployed({ budget: { CostFilters: { Service: ['AWS Lambda'] } } });
      lambda.on(GetFunctionCommand).rejects(sdkError(LambdaServiceException, 'ResourceNotFoundException', 404, `Function not found: ${FN_ARN}`));
      expect((await run(check)).verdict).toEqual({ status: 'error', message: `ThumbnailFunction (${FN}) is in the stack but lambda:GetFunction does not find it: it was deleted outside CloudFormation or never created; deploy the lab again` });
      lambda.on(GetFunctionCommand).rejects(sdkError(LambdaServiceException, 'TooManyRequestsException', 429, 'Rate exceeded'));
      await expectLiveError(run(check), check, 'TooManyRequestsException', /^AWS kept throttling lambda:GetFunction/);
    });
  });
  test('not found (deleted by hand): an ERROR, never a pass', async () => {
    budgets.on(DescribeBudgetCommand).rejects(sdkError(BudgetsServiceException, 'NotFoundException', 400, `Unable to get budget: ${BUDGET} - the budget doesn't exist.`));
    expect((await run(check)).verdict).toEqual({ status: 'error', message: `SpendBudget (${BUDGET}) is in the stack but budgets:DescribeBudget does not find it: it was deleted outside CloudFormation or never created; deploy the lab again` });
  });
  test('throttling and access denied propagate', async () => {
    budgets.on(DescribeBudgetCommand).rejects(sdkError(BudgetsServiceException, 'ThrottlingException', 400, 'Rate exceeded'));
    await expectLiveError(run(check), check, 'ThrottlingException', /^AWS kept throttling budgets:DescribeBudget/);
    budgets.on(DescribeBudgetCommand).rejects(sdkError(BudgetsServiceException, 'AccessDeniedException', 400, `User: x is not authorized to perform: budgets:ViewBudget on resource: arn:aws:budgets::${ACCOUNT}:budget/${BUDGET}`));
    await expectLiveError(run(check), check, 'AccessDeniedException', /may not call budgets:ViewBudget/);
  });
});

describe('runaway-spend declares its live checks', () => {
  test('loop, concurrency and budget read the deployed lab', () => {
    const live = Object.fromEntries(drill.objectives.map((o) => [o.id, (o.liveChecks ?? []).map((c) => c.id)]));
    expect(live).toEqual({ 'loop-broken': ['no-s3-loop-live'], 'concurrency-capped': ['concurrency-capped-live'], 'budget-alert': ['lab-budget-alert-live'], 'change-recorded': [] });
  });
});
