import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { firstLine, GradeInputError } from '../grading/errors';
import { LIBRARY_ROOT } from '../paths';
import { accountOf, RosterEntry, roleArn } from './roster';

/** AWS credentials, as SDK v3 takes them. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}
export type CredentialProvider = () => Promise<Credentials>;

/**
 * The credentials a student's labs are deployed, graded and swept with: the standard chain's
 * (AWS_PROFILE, environment), or, when the roster gives the student a role, that role assumed
 * through STS (cached until shortly before it expires). Undefined: the standard chain as is.
 */
export function studentCredentials(e: RosterEntry, region: string | undefined): CredentialProvider | undefined {
  const arn = roleArn(e);
  if (!arn) return undefined;
  let cached: Credentials | undefined;
  return async () => {
    if (cached && (!cached.expiration || cached.expiration.getTime() - Date.now() > 5 * 60_000)) return cached;
    const sts = new STSClient(region ? { region } : {});
    try {
      const out = await sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: `awswo-${e.student}`.slice(0, 64), DurationSeconds: 3600 }));
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('STS returned no credentials');
      cached = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
      return cached;
    } catch (err) {
      throw new GradeInputError(`cannot assume ${arn} for ${e.student}: ${firstLine(err)}`);
    } finally {
      sts.destroy();
    }
  };
}

/** The account the credentials act in (sts:GetCallerIdentity). */
export async function callerAccount(credentials: CredentialProvider | undefined, region: string | undefined): Promise<string> {
  const sts = new STSClient({ ...(region ? { region } : {}), ...(credentials ? { credentials } : {}) });
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    if (!out.Account) throw new Error('no account in the caller identity');
    return out.Account;
  } finally {
    sts.destroy();
  }
}

/**
 * Where a roster student's labs live: the credentials to use and the account they must act in.
 * A roster account without a role must be the account of the standard chain's credentials;
 * anything else is that student's error, never a deploy into the wrong account.
 */
export async function studentAccount(e: RosterEntry, region: string | undefined): Promise<{ credentials?: CredentialProvider; account: string }> {
  const credentials = studentCredentials(e, region);
  const account = await callerAccount(credentials, region);
  const expected = accountOf(e);
  if (expected !== undefined && account !== expected) {
    throw new GradeInputError(`${e.student}: the credentials act in account ${account}, the roster says ${expected}${e.role ? '' : ' (give a role column to assume into it)'}`);
  }
  return { credentials, account };
}

/** What one student's deploy is: the stacks (drill ids) of a module, with the lab context. */
export interface ClassDeployTarget {
  readonly module: string;
  /** Drill ids: the stacks selected (construct ids), named awswo-<student>-<drill> when deployed. */
  readonly stacks: readonly string[];
  readonly allowedCidr?: string;
  readonly ttlHours?: number;
}

export interface StudentDeploy {
  readonly student: string;
  readonly account?: string;
  readonly region?: string;
  readonly ok: boolean;
  readonly seconds: number;
  /** The stacks deployed (their names), or why not. */
  readonly stacks: readonly string[];
  readonly error?: string;
}

/** Deploys one student's labs; how is up to the implementation (the toolkit in-process, a stub in tests). */
export interface Deployer {
  deploy(student: RosterEntry, target: ClassDeployTarget, opts: { region?: string; bootstrap: boolean; progress: (line: string) => void }): Promise<StudentDeploy>;
}

/**
 * Deploys every student's labs, one student after another: progress per student, a student whose
 * deploy fails does not stop the others, and the summary says who is deployed and who is not.
 */
export async function deployClass(entries: readonly RosterEntry[], target: ClassDeployTarget, opts: { deployer: Deployer; region?: string; bootstrap?: boolean; progress: (line: string) => void }): Promise<StudentDeploy[]> {
  const results: StudentDeploy[] = [];
  for (const [i, e] of entries.entries()) {
    const region = e.region ?? opts.region;
    opts.progress(`[${i + 1}/${entries.length}] ${e.student}: deploying ${target.stacks.join(', ')}${accountOf(e) ? ` into account ${accountOf(e)}` : ''}${region ? ` (${region})` : ''}`);
    const started = Date.now();
    let r: StudentDeploy;
    try {
      r = await opts.deployer.deploy(e, target, { region, bootstrap: !!opts.bootstrap, progress: (line) => opts.progress(`  ${e.student}: ${line}`) });
    } catch (err) {
      r = { student: e.student, account: accountOf(e), region, ok: false, seconds: (Date.now() - started) / 1000, stacks: [], error: firstLine(err) };
    }
    opts.progress(`[${i + 1}/${entries.length}] ${e.student}: ${r.ok ? `deployed ${r.stacks.join(', ')}` : `FAILED: ${r.error}`} (${r.seconds.toFixed(1)} s)`);
    results.push(r);
  }
  return results;
}

export function renderDeploySummary(results: readonly StudentDeploy[]): string {
  const ok = results.filter((r) => r.ok);
  const lines = [`class deploy: ${ok.length} of ${results.length} students deployed${ok.length < results.length ? `, ${results.length - ok.length} FAILED` : ''}`];
  for (const r of results) {
    lines.push(`  ${r.ok ? 'OK    ' : 'FAILED'} ${r.student.padEnd(24)} ${r.account ?? ''} ${r.ok ? r.stacks.join(', ') : r.error}`.replace(/ +$/, ''));
  }
  return lines.join('\n') + '\n';
}

/** Levels of toolkit messages shown as progress (the rest is for -v debugging, not a class run). */
const SHOWN_LEVELS = new Set(['error', 'warn', 'result']);

/**
 * Deploys with @aws-cdk/toolkit-lib in this process: the library's CDK app (bin/awswo-app.js) is
 * synthesized with the student's context, and its stacks deployed with the student's credentials
 * (their role assumed when the roster gives one), bootstrapping the account first with `bootstrap`.
 */
export function toolkitDeployer(): Deployer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  let lib: typeof import('@aws-cdk/toolkit-lib');
  try {
    lib = require('@aws-cdk/toolkit-lib');
  } catch {
    throw new GradeInputError('class deploys need @aws-cdk/toolkit-lib, an instructor tool: run them from the library\'s checkout (npm ci installs it), or npm install @aws-cdk/toolkit-lib@1.40.1');
  }
  return {
    async deploy(e, target, opts) {
      const started = Date.now();
      const { credentials, account } = await studentAccount(e, opts.region);
      const errors: string[] = [];
      const ioHost = {
        async notify(msg: { level: string; message: string }) {
          const text = msg.message.replace(/\x1b\[[0-9;]*m/g, '').trim();
          if (!text) return;
          if (msg.level === 'error') errors.push(text.split('\n')[0]);
          if (SHOWN_LEVELS.has(msg.level)) for (const l of text.split('\n').slice(0, 5)) opts.progress(l);
        },
        async requestResponse<T>(msg: { defaultResponse: T }): Promise<T> {
          return msg.defaultResponse;
        },
      };
      const baseCredentials = credentials
        ? lib.BaseCredentials.custom({ provider: credentials, region: opts.region })
        : lib.BaseCredentials.awsCliCompatible({ defaultRegion: opts.region });
      const toolkit = new lib.Toolkit({ ioHost: ioHost as never, emojis: false, color: false, sdkConfig: { baseCredentials } });
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `awswo-deploy-${e.student}-`));
      try {
        const region = opts.region ?? (await new STSClient({}).config.region().catch(() => undefined));
        if (opts.bootstrap) {
          if (!region) throw new GradeInputError('bootstrapping needs a region: AWS_REGION, --region or the roster\'s region column');
          await toolkit.bootstrap(lib.BootstrapEnvironments.fromList([`aws://${account}/${region}`]));
        }
        const context: Record<string, unknown> = { module: target.module, student: e.student };
        if (target.allowedCidr) context.allowedCidr = target.allowedCidr;
        if (target.ttlHours !== undefined) context.ttlHours = target.ttlHours;
        const cx = await toolkit.fromCdkApp(`node ${JSON.stringify(path.join(LIBRARY_ROOT, 'bin/awswo-app.js'))}`, {
          workingDirectory: LIBRARY_ROOT,
          outdir,
          contextStore: new lib.MemoryContext(context),
          env: { CDK_VALIDATION: process.env.CDK_VALIDATION ?? 'false' },
        });
        const deployed = await toolkit.deploy(cx, {
          stacks: { strategy: lib.StackSelectionStrategy.PATTERN_MUST_MATCH, patterns: [...target.stacks] },
        });
        return { student: e.student, account, region, ok: true, seconds: (Date.now() - started) / 1000, stacks: deployed.stacks.map((s) => s.stackName) };
      } catch (err) {
        const why = errors[errors.length - 1] ?? firstLine(err);
        return { student: e.student, account, region: opts.region, ok: false, seconds: (Date.now() - started) / 1000, stacks: [], error: why };
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    },
  };
}
