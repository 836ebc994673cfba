import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { LambdaServiceException } from '@aws-sdk/client-lambda';
import { CloudWatchLogsServiceException } from '@aws-sdk/client-cloudwatch-logs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { IAMClient } from '@aws-sdk/client-iam';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { CallSite, isAwsError, liveError, tagCall } from '../../../lib/live/errors';
import { callName, LiveSession } from '../../../lib/live/session';
import { stackEnv } from '../../../lib/live/stack';
import { awsErrors, fakeAwsEnv, REGION, STACK_ID, STACK_NAME } from './fixtures';

beforeAll(fakeAwsEnv);

const site: CallSite = { region: REGION, regionSource: 'AWS_REGION', stackName: STACK_NAME };
const meta = { httpStatusCode: 400, requestId: 'r', attempts: 5, totalRetryDelay: 3000 };

describe('liveError: one clear line per SDK error', () => {
  test.each([
    ['TooManyRequestsException (Lambda, json protocol)', new LambdaServiceException({ name: 'TooManyRequestsException', $fault: 'client', message: 'Rate exceeded', $metadata: meta }), /^AWS kept throttling lambda:GetFunction after 5 attempts \(TooManyRequestsException\)/],
    ['ThrottlingException (Logs)', new CloudWatchLogsServiceException({ name: 'ThrottlingException', $fault: 'client', message: 'Rate exceeded', $metadata: meta }), /^AWS kept throttling lambda:GetFunction after 5 attempts \(ThrottlingException\)/],
    ['ExpiredTokenException', new LambdaServiceException({ name: 'ExpiredTokenException', $fault: 'client', message: 'The security token included in the request is expired', $metadata: meta }), /^the AWS credentials have expired \(ExpiredTokenException\)/],
    ['AccessDeniedException without an action in the message', new LambdaServiceException({ name: 'AccessDeniedException', $fault: 'client', message: 'Access denied', $metadata: meta }), /^access denied \(lambda:GetFunction\): the grader's credentials may not call lambda:GetFunction;/],
    ['UnauthorizedOperation (EC2)', new EC2ServiceException({ name: 'UnauthorizedOperation', $fault: 'client', message: 'You are not authorized to perform this operation.', $metadata: meta }), /^access denied \(lambda:GetFunction\)/],
    ['InvalidClientTokenId', new LambdaServiceException({ name: 'InvalidClientTokenId', $fault: 'client', message: 'The security token included in the request is invalid.', $metadata: meta }), /^the AWS credentials are not valid for this endpoint \(InvalidClientTokenId\)/],
    ['an unmodelled service error', new LambdaServiceException({ name: 'ServiceUnavailable', $fault: 'server', message: 'Service is unavailable', $metadata: meta }), /^AWS error \(lambda:GetFunction\): ServiceUnavailable: Service is unavailable$/],
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', $metadata: { attempts: 5 } }), /^cannot reach the AWS endpoint http:\/\/127\.0\.0\.1:9 \(lambda:GetFunction\): connect ECONNREFUSED/],
  ])('%s', (_name, err, line) => {
    tagCall(err, 'lambda:GetFunction');
    const e = liveError(err, site)!;
    expect(e.message).toMatch(line);
    expect(e.message).not.toContain('\n');
  });

  test('an endpoint that does not implement the call says so (moto_server: an HTML 500 page), with --skip-drift for drift', () => {
    const moto500 = () => Object.assign(new Error('@aws-sdk XML parse error: mismatched tags <html> and </title>.\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'), { $metadata: { httpStatusCode: 500, attempts: 5, totalRetryDelay: 900 } });
    const drift = moto500();
    tagCall(drift, 'cloudformation:DetectStackDrift');
    expect(liveError(drift, site)!.message).toBe('http://127.0.0.1:9 does not implement cloudformation:DetectStackDrift: it answered HTTP 500 with no AWS response: grade with --skip-drift there');
    const history = moto500();
    tagCall(history, 'cloudwatch:DescribeAlarmHistory');
    expect(liveError(history, { ...site, checkId: 'live-incident-timeline' })!.message).toBe('http://127.0.0.1:9 does not implement cloudwatch:DescribeAlarmHistory (live check live-incident-timeline): it answered HTTP 500 with no AWS response');
    // A service failure AWS itself reports is an AWS error, not a missing action.
    const failure = new LambdaServiceException({ name: 'ServiceException', $fault: 'server', message: 'internal error', $metadata: { ...meta, httpStatusCode: 500 } });
    tagCall(failure, 'lambda:GetFunction');
    expect(liveError(failure, site)!.message).toBe('AWS error (lambda:GetFunction): ServiceException: internal error');
  });

  test('the declared calls of a check name a denied action when the message does not', () => {
    const err = awsErrors.bareDenied();
    tagCall(err, 'iam:ListAttachedRolePolicies');
    expect(liveError(err, { ...site, checkId: 'ops-live-no-admin', apiCalls: ['iam:ListAttachedRolePolicies'] })!.message).toBe(
      "access denied (live check ops-live-no-admin, iam:ListAttachedRolePolicies): the grader's credentials may not call iam:ListAttachedRolePolicies; run awswo grader-policy for the policy a grader needs",
    );
  });

  test('a bug (not an AWS error) is not turned into a LiveError', () => {
    expect(liveError(new TypeError('x is undefined'), site)).toBeUndefined();
    expect(isAwsError(new RangeError('bad'))).toBe(false);
    expect(isAwsError(awsErrors.noCredentials())).toBe(true);
    expect(isAwsError(new Error('Region is missing'))).toBe(true);
  });
});

describe('LiveSession', () => {
  test('one cached client per class, in the resolved region, with the retry attempts set', async () => {
    const session = new LiveSession({ maxAttempts: 3 });
    expect(await session.region()).toEqual({ region: REGION, source: 'AWS_REGION' });
    const iam = session.client(IAMClient);
    expect(session.client(IAMClient)).toBe(iam);
    expect(session.client(CloudFormationClient)).not.toBe(iam);
    expect(await iam.config.region()).toBe(REGION);
    expect(await iam.config.maxAttempts()).toBe(3);
  });

  test('errors are tagged with the call they came from', async () => {
    const sts = mockClient(STSClient);
    sts.on(GetCallerIdentityCommand).rejects(awsErrors.expired());
    const session = new LiveSession();
    await session.region();
    const err = await session.client(STSClient).send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    expect(liveError(err, site)!.message).toBe('the AWS credentials have expired (ExpiredToken) (sts:GetCallerIdentity): refresh them (e.g. aws sso login, or a new session) and grade again');
    sts.restore();
  });

  test('callName maps SDK service ids to IAM prefixes', () => {
    expect(callName({ send: async () => ({}), config: { serviceId: 'CloudWatch Logs' } }, new GetCallerIdentityCommand({}))).toBe('logs:GetCallerIdentity');
    expect(callName({ send: async () => ({}), config: { serviceId: 'Elastic Load Balancing v2' } }, new GetCallerIdentityCommand({}))).toBe('elasticloadbalancing:GetCallerIdentity');
  });

  test('AWS_ENDPOINT_URL is honoured natively by SDK v3 (checked before any byte is sent)', async () => {
    const session = new LiveSession();
    await session.region();
    const client = session.client(STSClient);
    let seen = '';
    client.middlewareStack.add((_next) => async (args: any) => {
      seen = `${args.request.protocol}//${args.request.hostname}:${args.request.port}`;
      throw new Error('stopped before the network');
    }, { step: 'finalizeRequest', priority: 'low' });
    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toThrow('stopped before the network');
    expect(seen).toBe('http://127.0.0.1:9');
  });

  test('--region wins over AWS_REGION, and says so', async () => {
    expect(await new LiveSession({ region: 'us-west-2' }).region()).toEqual({ region: 'us-west-2', source: '--region' });
  });

  test('stackEnv reads partition, region and account from the stack id', () => {
    expect(stackEnv({ stackId: STACK_ID })).toEqual({ partition: 'aws', region: REGION, account: '123456789012' });
  });
});
