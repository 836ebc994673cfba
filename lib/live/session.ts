import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { LiveError, tagCall } from './errors';

/** Attempts the SDK's standard retry strategy makes (throttling, 5xx) before the grader gives up. */
export const DEFAULT_MAX_ATTEMPTS = 5;

export interface SessionOptions {
  /** `--region`; otherwise the SDK chain (AWS_REGION, the profile's region). */
  readonly region?: string;
  /** SDK retry attempts per call; default {@link DEFAULT_MAX_ATTEMPTS}. */
  readonly maxAttempts?: number;
  /** Extra SDK client configuration (tests, custom user agents). Never credentials. */
  readonly clientConfig?: Record<string, unknown>;
  /** For tests: how to wait, and what time it is. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly clock?: () => number;
}

/** The IAM service prefix of an SDK client's serviceId, for `iam:GetRole`-style call names. */
const SERVICE_PREFIX: Record<string, string> = {
  'CloudFormation': 'cloudformation',
  'CloudWatch': 'cloudwatch',
  'CloudWatch Logs': 'logs',
  'EC2': 'ec2',
  'Elastic Load Balancing v2': 'elasticloadbalancing',
  'IAM': 'iam',
  'Lambda': 'lambda',
  'RDS': 'rds',
  'Resource Groups Tagging API': 'tag',
  'S3': 's3',
  'SNS': 'sns',
  'SSM': 'ssm',
  'STS': 'sts',
};

/**
 * Whether S3 requests go path-style (http://host/bucket/key) instead of virtual-hosted
 * (http://bucket.host/key), by the CDK toolkit's own rule, so that awswo reaches buckets wherever
 * `cdk deploy` published its assets: CDK_S3_FORCE_PATH_STYLE set, or the S3 endpoint
 * (AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL) on a loopback host (localhost, 127.x, ::1), where
 * `<bucket>.localhost` does not resolve. Undefined leaves it to the SDK (virtual-hosted; path-style
 * for IP endpoints). SDK v3 reads no environment variable or shared-config key for this: its own
 * setting is the client option forcePathStyle, which wins when given in clientConfig.
 */
export function s3ForcePathStyle(env: NodeJS.ProcessEnv = process.env): true | undefined {
  if (env.CDK_S3_FORCE_PATH_STYLE) return true;
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  if (!endpoint) return undefined;
  let host: string;
  try {
    host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return undefined;
  }
  return host === 'localhost' || host.startsWith('127.') || host === '::1' ? true : undefined;
}

type AnyClient = { send: (command: any, ...rest: any[]) => Promise<any>; config?: { serviceId?: string } };

/** `iam:GetRole` for a GetRoleCommand sent through an IAMClient. */
export function callName(client: AnyClient, command: unknown): string {
  const serviceId = client.config?.serviceId ?? '';
  const prefix = SERVICE_PREFIX[serviceId] ?? serviceId.toLowerCase().replace(/\s+/g, '');
  const op = ((command as { constructor?: { name?: string } })?.constructor?.name ?? 'Unknown').replace(/Command$/, '');
  return `${prefix || 'aws'}:${op}`;
}

/**
 * One live grading session: the region, and one SDK v3 client per client class, all built from the
 * standard chain (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL; the SDK honours AWS_ENDPOINT_URL and
 * AWS_ENDPOINT_URL_<SERVICE> natively). Every send is tagged with its call name so that an error
 * can say which call failed.
 */
export class LiveSession {
  readonly sleep: (ms: number) => Promise<void>;
  readonly clock: () => number;
  private readonly clients = new Map<Function, unknown>();
  private resolved?: { region: string; source: string };

  constructor(private readonly options: SessionOptions = {}) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.clock = options.clock ?? Date.now;
  }

  /** The region every client uses, and where it came from; a LiveError when there is none. */
  async region(): Promise<{ region: string; source: string }> {
    if (this.resolved) return this.resolved;
    if (this.options.region) {
      this.resolved = { region: this.options.region, source: '--region' };
      return this.resolved;
    }
    let region: string | undefined;
    try {
      region = await new CloudFormationClient({}).config.region();
    } catch {
      region = undefined;
    }
    if (!region) throw new LiveError('no AWS region: pass --region, set AWS_REGION, or set a region in your AWS_PROFILE');
    const source = process.env.AWS_REGION ? 'AWS_REGION' : `the region of profile ${process.env.AWS_PROFILE ?? 'default'}`;
    this.resolved = { region, source };
    return this.resolved;
  }

  /** A cached client of this class in the session's region; call `region()` first. */
  client<C>(ClientClass: new (config: Record<string, unknown>) => C): C {
    let client = this.clients.get(ClientClass) as C | undefined;
    if (!client) {
      if (!this.resolved) throw new Error('LiveSession.client() before region() was resolved');
      const raw = new ClientClass({
        ...((ClientClass as unknown) === S3Client && s3ForcePathStyle() ? { forcePathStyle: true } : {}),
        ...this.options.clientConfig,
        region: this.resolved.region,
        maxAttempts: this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      }) as unknown as AnyClient;
      client = tagged(raw) as unknown as C;
      this.clients.set(ClientClass, client);
    }
    return client;
  }
}

/** The client, with `send` tagging every error with the call it came from. */
function tagged(client: AnyClient): AnyClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (command: unknown, ...rest: unknown[]) => {
        try {
          return await target.send(command, ...rest);
        } catch (err) {
          tagCall(err, callName(target, command));
          throw err;
        }
      };
    },
  });
}
