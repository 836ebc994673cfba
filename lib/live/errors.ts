import { firstLine, GradeInputError } from '../grading/errors';

/**
 * A live grade that cannot run (no credentials, access denied, throttled, stack missing or
 * broken...): one line, exit code 2, never a partial report. A GradeInputError, so the CLI's
 * main() reports it like any other bad input.
 */
export class LiveError extends GradeInputError {
  constructor(message: string) {
    super(message);
    this.name = 'LiveError';
  }
}

/** Where a failed AWS call happened, to say so in the error line. */
export interface CallSite {
  /** The region the grader used, and where it came from (`--region`, `AWS_REGION`, a profile). */
  readonly region: string;
  readonly regionSource: string;
  readonly stackName: string;
  /** The live check that made the call; undefined for the runner's own calls. */
  readonly checkId?: string;
  /** IAM actions the check (or the runner step) declares. */
  readonly apiCalls?: readonly string[];
}

const CREDENTIALS_MISSING = new Set(['CredentialsProviderError']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired', 'RequestExpired']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError', 'UnauthorizedAccess', 'Forbidden']);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown', 'ProvisionedThroughputExceededException', 'RequestThrottled', 'RequestThrottledException']);
const BAD_CREDENTIALS = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'InvalidAccessKeyId', 'AuthFailure', 'IncompleteSignature']);
const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'TimeoutError', 'RequestTimeout']);

const calls = new WeakMap<object, string>();

/** Remembers which API call (`iam:GetRole`) an error came from; the live session's clients do it on every send. */
export function tagCall(err: unknown, call: string): void {
  if (err && typeof err === 'object' && !calls.has(err)) calls.set(err, call);
}

/** The API call an error was tagged with, if any. */
export function taggedCall(err: unknown): string | undefined {
  return err && typeof err === 'object' ? calls.get(err) : undefined;
}

function nameOf(err: unknown): string {
  if (!err || typeof err !== 'object') return '';
  const e = err as { name?: unknown; code?: unknown; Code?: unknown };
  for (const v of [e.name, e.Code, e.code]) if (typeof v === 'string' && v !== 'Error') return v;
  return '';
}

/** True for anything the AWS SDK throws: service exceptions, credential and region errors, network errors. */
export function isAwsError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const name = nameOf(err);
  if ('$metadata' in err || '$fault' in err) return true;
  if (CREDENTIALS_MISSING.has(name) || EXPIRED.has(name) || DENIED.has(name) || THROTTLED.has(name) || BAD_CREDENTIALS.has(name) || NETWORK.has(name)) return true;
  return /^Region is missing/.test(err instanceof Error ? err.message : '');
}

/**
 * True when the endpoint does not implement the call: an explicit not-implemented error, HTTP 501,
 * or a 5xx whose body is not an AWS response at all (the SDK could not parse it: moto_server's HTML
 * 500 page for an action it lacks). A real service failure (a parsed InternalFailure) is not one.
 */
export function notImplementedByEndpoint(err: unknown): boolean {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $response?: { statusCode?: number } } | undefined;
  if (!e || typeof e !== 'object') return false;
  if (/^(NotImplemented|NotImplementedException|UnsupportedOperation|InvalidAction|UnknownOperationException)$/.test(e.name ?? '')) return true;
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  if (status === 501) return true;
  return status !== undefined && status >= 500 && /Deserialization error|parse error/i.test(e.message ?? '');
}

/** `iam:SimulatePrincipalPolicy` from "... is not authorized to perform: iam:SimulatePrincipalPolicy on resource ...". */
function actionInMessage(message: string): string | undefined {
  return /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9*]+)/i.exec(message)?.[1];
}

/** The IAM action a denied call needed: from the message, else the declared call matching the operation, else the call itself. */
export function deniedAction(err: unknown, site: Pick<CallSite, 'apiCalls'>): string | undefined {
  const message = err instanceof Error ? err.message : String(err);
  const fromMessage = actionInMessage(message);
  if (fromMessage) return fromMessage;
  const call = taggedCall(err);
  if (!call) return site.apiCalls?.length === 1 ? site.apiCalls[0] : undefined;
  const [service, op] = call.toLowerCase().split(':');
  const exact = site.apiCalls?.find((a) => a.split(':')[1]?.toLowerCase() === op);
  if (exact) return exact;
  // Some operations are authorized by an action of another name (GetBucketNotificationConfiguration
  // by s3:GetBucketNotification): the check's only declared action of that service is the one.
  const sameService = (site.apiCalls ?? []).filter((a) => a.split(':')[0].toLowerCase() === service);
  return sameService.length === 1 ? sameService[0] : call;
}

/**
 * Turns an SDK error into the one line the student or grader reads. Returns undefined for errors
 * that are not AWS errors (a bug in a check), which the caller reports as a check error.
 */
export function liveError(err: unknown, site: CallSite): LiveError | undefined {
  if (err instanceof LiveError) return err;
  if (!isAwsError(err)) return undefined;
  const name = nameOf(err);
  const message = firstLine(err);
  const call = taggedCall(err);
  const during = site.checkId ? ` (live check ${site.checkId}${call ? `, ${call}` : ''})` : call ? ` (${call})` : '';
  const attempts = (err as { $metadata?: { attempts?: number } }).$metadata?.attempts;

  if (CREDENTIALS_MISSING.has(name)) {
    return new LiveError('no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (live checks use the standard AWS SDK credential chain)');
  }
  if (/^Region is missing/.test(message)) {
    return new LiveError('no AWS region: pass --region, set AWS_REGION, or set a region in your AWS_PROFILE');
  }
  if (EXPIRED.has(name)) {
    return new LiveError(`the AWS credentials have expired (${name})${during}: refresh them (e.g. aws sso login, or a new session) and grade again`);
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new LiveError(`the AWS credentials are not valid for this endpoint (${name})${during}: check AWS_PROFILE, the access keys and AWS_ENDPOINT_URL`);
  }
  if (DENIED.has(name)) {
    const action = deniedAction(err, site);
    const what = action ? `the grader's credentials may not call ${action}` : `the grader's credentials were refused: ${message}`;
    return new LiveError(`access denied${during}: ${what}; run awswo grader-policy for the policy a grader needs`);
  }
  if (THROTTLED.has(name)) {
    return new LiveError(`AWS kept throttling ${call ?? 'the grader'}${attempts ? ` after ${attempts} attempts` : ''} (${name})${site.checkId ? ` in live check ${site.checkId}` : ''}: wait a minute and grade again`);
  }
  if (name === 'ValidationError' && /does not exist/.test(message)) {
    return new LiveError(
      `stack ${site.stackName} not found in region ${site.region} (from ${site.regionSource}): deploy the lab first, or pass --region with the region it was deployed to`,
    );
  }
  if (notImplementedByEndpoint(err)) {
    const endpoint = process.env.AWS_ENDPOINT_URL || 'the AWS endpoint';
    const drift = /Drift/.test(call ?? '') ? ': grade with --skip-drift there' : '';
    return new LiveError(`${endpoint} does not implement ${call ?? 'this call'}${site.checkId ? ` (live check ${site.checkId})` : ''}: it answered HTTP ${(err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? '5xx'} with no AWS response${drift}`);
  }
  if (NETWORK.has(name) || /ECONNREFUSED|ENOTFOUND|getaddrinfo|socket hang up/.test(message)) {
    const endpoint = process.env.AWS_ENDPOINT_URL ? ` ${process.env.AWS_ENDPOINT_URL}` : '';
    return new LiveError(`cannot reach the AWS endpoint${endpoint}${during}: ${message}`);
  }
  return new LiveError(`AWS error${during}: ${name ? `${name}: ` : ''}${message}`);
}
