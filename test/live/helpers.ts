// Everything the live integration suite (test/live/drills.live.ts) needs, in one place: the
// moto_server process, the commands it runs as an instructor and a student would (npx cdk, npx
// awswo), the template patches and stand-ins for what moto lacks (each names its gap in
// emulator-gaps.ts), the proxy that shows stand-in resources to the grader, and the leftover check.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { BudgetsClient, CreateBudgetCommand, DeleteBudgetCommand, Subscriber } from '@aws-sdk/client-budgets';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand, StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, CreateTrailCommand, DeleteTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DeleteAlarmsCommand, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DeleteLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AuthorizeSecurityGroupIngressCommand, DescribeInstancesCommand, DescribeSecurityGroupsCommand, EC2Client, IpPermission,
  ModifyVolumeCommand, RevokeSecurityGroupEgressCommand, RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import {
  AddUserToGroupCommand, AttachGroupPolicyCommand, AttachRolePolicyCommand, CreateGroupCommand, DeleteGroupCommand, DetachRolePolicyCommand,
  DeleteGroupPolicyCommand, DetachGroupPolicyCommand, IAMClient, ListAttachedGroupPoliciesCommand, ListAttachedRolePoliciesCommand,
  ListGroupPoliciesCommand, PutGroupPolicyCommand, RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { GetFunctionCommand, LambdaClient, TagResourceCommand } from '@aws-sdk/client-lambda';
import { DescribeDBInstancesCommand, ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { PutBucketNotificationConfigurationCommand, PutBucketVersioningCommand, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { SetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { parseArn } from '../../lib/cost/sweep';
import { LIBRARY_ROOT } from '../../lib/paths';
import type { GapId } from './emulator-gaps';

// The SDK clients of the suite itself: one line of Node.js support notice is one too many.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const ACCOUNT = '123456789012';
export const DEFAULT_REGION = 'us-east-1';
/** The student every lab of the suite is deployed for. */
export const STUDENT = 'live';

// ---------------------------------------------------------------------------------------------
// moto_server

/** The full path of an executable on PATH, or undefined. */
export function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, command);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

export const MOTO_MISSING = 'moto_server is not on PATH: the live integration suite needs it (pip install "moto[server]")';
export const LIVE_SUITE_NOT_RUN = 'live integration suite did not run: moto_server is not on PATH (pip install "moto[server]", then npm run test:live)';

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number, proc: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`moto_server exited with ${proc.exitCode}: ${fs.readFileSync(log, 'utf8').slice(-500)}`);
    const ok = await new Promise<boolean>((resolve) => {
      http.get(url, (res) => { res.resume(); resolve(res.statusCode === 200); }).on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`moto_server did not answer at ${url} within ${timeoutMs / 1000} s (log: ${log})`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Temporary directories of the run (cloud assemblies, workspaces); removed at the end unless AWSWO_LIVE_KEEP is set. */
const made: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  if (process.env.AWSWO_LIVE_KEEP) return;
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** One moto_server for the whole suite run, on a free loopback port. */
export class Moto {
  private constructor(readonly port: number, readonly endpoint: string, readonly log: string, private readonly proc: ChildProcess) {}

  static async start(): Promise<Moto> {
    const exe = onPath('moto_server');
    if (!exe) throw new Error(MOTO_MISSING);
    const port = await freePort();
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-moto-')), 'moto_server.log');
    const out = fs.openSync(log, 'a');
    // AWS managed policies (AdministratorAccess, AWSLambdaBasicExecutionRole...) are opt-in in moto.
    const env = { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' };
    const proc = spawn(exe, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', out, out], env });
    // localhost, not 127.0.0.1: moto's CloudFormation misreads a TemplateURL whose host is an IP.
    const moto = new Moto(port, `http://localhost:${port}`, log, proc);
    await waitForHttp(`${moto.endpoint}/moto-api/`, 30_000, proc, log);
    return moto;
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null) return;
    let timer: NodeJS.Timeout | undefined;
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => { timer = setTimeout(r, 5_000); })]);
    clearTimeout(timer);
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
  }
}

// ---------------------------------------------------------------------------------------------
// Commands, run as an instructor or a student would

/** The environment of every command: the emulator, dummy keys, nothing from the caller's AWS setup. */
export function awsEnv(endpoint: string, region = DEFAULT_REGION): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/^(AWS_|CDK_DEFAULT_)/.test(key)) delete env[key];
  return {
    ...env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // cfn-lint checks the templates (test/drills/cfn-lint.test.ts); CDK's own validator costs ~1.5 s a synth.
    CDK_VALIDATION: 'false',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  };
}

export interface Ran {
  readonly command: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Runs a command asynchronously (the proxy lives in this process and must keep answering). */
export function run(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd = LIBRARY_ROOT): Promise<Ran> {
  const command = [cmd, ...args].join(' ');
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => resolve({ command, code: code ?? -1, stdout, stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
  });
}

/** The last lines of a command's output, for an assertion message. */
export function tail(r: Ran, lines = 8): string {
  return `${r.command} (exit ${r.code}):\n${(r.stdout + r.stderr).trim().split('\n').slice(-lines).join('\n')}`;
}

// ---------------------------------------------------------------------------------------------
// Templates

export type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, any>; DependsOn?: unknown }>; Outputs?: Record<string, { Value: unknown }> };

export interface Synthesized {
  readonly outdir: string;
  /** The stack's construct id (the drill id): what the CDK CLI selects it by. */
  readonly stackId: string;
  readonly stackName: string;
  readonly region: string;
  readonly templateFile: string;
  readonly template: Template;
}

/** `npx cdk synth -c module=NN -c student=S [-c lab=solution]` into its own cloud assembly. */
export async function synth(env: NodeJS.ProcessEnv, module: string, lab: 'lab' | 'solution', stackId: string, stackName: string): Promise<{ ran: Ran; synthesized?: Synthesized }> {
  const outdir = tempDir(`awswo-live-${stackName}-${lab}-`);
  const ran = await run('npx', ['cdk', 'synth', '-q', '--no-notices', '-c', `module=${module}`, '-c', `student=${STUDENT}`, ...(lab === 'solution' ? ['-c', 'lab=solution'] : []), '-o', outdir, stackId], env);
  if (ran.code !== 0) return { ran };
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const artifact = manifest.artifacts[stackId];
  const region = /^aws:\/\/[^/]+\/(.+)$/.exec(artifact.environment)?.[1];
  const templateFile = path.join(outdir, artifact.properties.templateFile);
  const template = JSON.parse(fs.readFileSync(templateFile, 'utf8')) as Template;
  return { ran, synthesized: { outdir, stackId, stackName, region: region && region !== 'unknown-region' ? region : env.AWS_REGION ?? DEFAULT_REGION, templateFile, template } };
}

const ARRAY = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const getAttOf = (v: any): [string, string] | undefined => {
  const g = v?.['Fn::GetAtt'];
  if (Array.isArray(g)) return [g[0], g[1]];
  if (typeof g === 'string') return [g.split('.')[0], g.split('.').slice(1).join('.')];
  return undefined;
};
/** The logical ids a value refers to through Ref or Fn::GetAtt. */
function refsIn(v: any): string[] {
  if (Array.isArray(v)) return v.flatMap(refsIn);
  if (!v || typeof v !== 'object') return [];
  const att = getAttOf(v);
  if (att) return [att[0]];
  if (typeof v.Ref === 'string') return [v.Ref];
  return Object.values(v).flatMap(refsIn);
}

function mapDeep(v: any, f: (x: any) => any): any {
  const mapped = f(v);
  if (mapped !== v) return mapped;
  if (Array.isArray(v)) return v.map((x) => mapDeep(x, f));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapDeep(x, f)]));
  return v;
}

/**
 * Rewrites the synthesized template where moto misreads documented CloudFormation (see the gaps),
 * in place in the cloud assembly, so `cdk deploy --app` deploys the patched file. Returns the gaps used.
 */
export function patchForMoto(s: Synthesized): GapId[] {
  const used = new Set<GapId>();
  const t = s.template;
  for (const r of Object.values(t.Resources)) {
    // ssm-parameter-tags: the documented map, as moto's list.
    if (r.Type === 'AWS::SSM::Parameter' && r.Properties?.Tags && !Array.isArray(r.Properties.Tags)) {
      r.Properties.Tags = Object.entries(r.Properties.Tags).map(([Key, Value]) => ({ Key, Value }));
      used.add('ssm-parameter-tags');
    }
    // dynamodb-global-table: an AWS::DynamoDB::Table with the same keys and billing in its place.
    if (r.Type === 'AWS::DynamoDB::GlobalTable') {
      const p = r.Properties ?? {};
      const replica = ARRAY(p.Replicas)[0] as Record<string, any> | undefined;
      r.Type = 'AWS::DynamoDB::Table';
      r.Properties = {
        KeySchema: p.KeySchema,
        AttributeDefinitions: p.AttributeDefinitions,
        BillingMode: p.BillingMode ?? 'PAY_PER_REQUEST',
        ...(p.TableName ? { TableName: p.TableName } : {}),
        ...(replica?.Tags ? { Tags: replica.Tags } : {}),
      };
      used.add('dynamodb-global-table');
    }
  }
  // log-group-arn: the documented ARN, with its ":*".
  const logGroups = new Set(Object.entries(t.Resources).filter(([, r]) => r.Type === 'AWS::Logs::LogGroup').map(([id]) => id));
  const documentedArn = (id: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:', { Ref: id }, ':*']] });
  const patched = mapDeep(t, (v) => {
    const att = getAttOf(v);
    if (att && att[1] === 'Arn' && logGroups.has(att[0])) {
      used.add('log-group-arn');
      return documentedArn(att[0]);
    }
    return v;
  });
  Object.assign(t, patched);
  fs.writeFileSync(s.templateFile, JSON.stringify(t, null, 1));
  return [...used];
}

// ---------------------------------------------------------------------------------------------
// AWS clients of the suite itself (straight to moto, not through the proxy)

export class Clients {
  private readonly cache = new Map<string, unknown>();
  constructor(private readonly endpoint: string) {}

  get<C>(ClientClass: new (config: Record<string, unknown>) => C, region: string): C {
    const key = `${ClientClass.name}:${region}`;
    if (!this.cache.has(key)) {
      this.cache.set(key, new ClientClass({
        region,
        endpoint: this.endpoint,
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
        forcePathStyle: true,
        maxAttempts: 2,
      }));
    }
    return this.cache.get(key) as C;
  }

  /** Closes every client's keep-alive connections, so the test process can exit. */
  destroy(): void {
    for (const c of this.cache.values()) (c as { destroy?: () => void }).destroy?.();
    this.cache.clear();
  }
}

export type Physical = Map<string, { physicalId: string; type: string }>;

/** The deployed stack's resources, by logical id (moto lists the ones it could not create with no id). */
export async function stackResources(clients: Clients, region: string, stackName: string): Promise<Physical> {
  const cfn = clients.get(CloudFormationClient, region);
  const out: Physical = new Map();
  let NextToken: string | undefined;
  do {
    const page = await cfn.send(new ListStackResourcesCommand({ StackName: stackName, NextToken }));
    for (const r of page.StackResourceSummaries ?? []) {
      if (r.LogicalResourceId && r.PhysicalResourceId) out.set(r.LogicalResourceId, { physicalId: r.PhysicalResourceId, type: r.ResourceType ?? '' });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

/** Whether the stack still exists (not deleted). */
export async function stackExists(clients: Clients, region: string, stackName: string): Promise<boolean> {
  try {
    const out = await clients.get(CloudFormationClient, region).send(new DescribeStacksCommand({ StackName: stackName }));
    return (out.Stacks ?? []).some((s) => s.StackStatus !== 'DELETE_COMPLETE');
  } catch (err) {
    if (/does not exist/.test(String((err as Error).message))) return false;
    throw err;
  }
}

/** Resolves CloudFormation intrinsics of a template against the deployed stack, as CloudFormation would. */
export class Resolver {
  constructor(
    private readonly template: Template,
    private readonly physical: Physical,
    private readonly ctx: { region: string; stackName: string; clients: Clients },
  ) {}

  private id(logicalId: string): string {
    const p = this.physical.get(logicalId);
    if (!p) throw new Error(`stand-in: ${logicalId} is not in the deployed stack ${this.ctx.stackName}`);
    return p.physicalId;
  }

  private async getAtt(logicalId: string, attr: string): Promise<string> {
    const type = this.template.Resources[logicalId]?.Type;
    const id = this.id(logicalId);
    const { region } = this.ctx;
    const arnOf: Record<string, () => string> = {
      'AWS::CloudWatch::Alarm': () => `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${id}`,
      'AWS::CloudWatch::CompositeAlarm': () => `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${id}`,
      'AWS::S3::Bucket': () => `arn:aws:s3:::${id}`,
      'AWS::Logs::LogGroup': () => `arn:aws:logs:${region}:${ACCOUNT}:log-group:${id}:*`,
      'AWS::DynamoDB::Table': () => `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${id}`,
      'AWS::Lambda::Function': () => `arn:aws:lambda:${region}:${ACCOUNT}:function:${id}`,
      'AWS::IAM::Role': () => `arn:aws:iam::${ACCOUNT}:role/${id}`,
      'AWS::IAM::User': () => `arn:aws:iam::${ACCOUNT}:user/${id}`,
      'AWS::SSM::Parameter': () => `arn:aws:ssm:${region}:${ACCOUNT}:parameter${id.startsWith('/') ? '' : '/'}${id}`,
    };
    if (attr === 'Arn' && arnOf[type]) return arnOf[type]();
    if (attr === 'Arn' || attr === 'TopicArn') return id; // SNS topics, ELB resources, managed policies: the physical id is the ARN
    if (attr === 'LoadBalancerFullName') return id.split(':loadbalancer/')[1];
    if (attr === 'TargetGroupFullName') return id.slice(id.indexOf('targetgroup/'));
    if (attr === 'DefaultSecurityGroup') {
      const ec2 = this.ctx.clients.get(EC2Client, region);
      const out = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [id] }, { Name: 'group-name', Values: ['default'] }] }));
      return out.SecurityGroups![0].GroupId!;
    }
    throw new Error(`stand-in: cannot resolve Fn::GetAtt ${logicalId}.${attr} (${type})`);
  }

  private pseudo(name: string): string | undefined {
    return ({ 'AWS::Region': this.ctx.region, 'AWS::AccountId': ACCOUNT, 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com', 'AWS::StackName': this.ctx.stackName } as Record<string, string>)[name];
  }

  async value(v: any): Promise<any> {
    if (Array.isArray(v)) return Promise.all(v.map((x) => this.value(x)));
    if (!v || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const [k] = keys;
      const a = v[k];
      if (k === 'Ref') return this.pseudo(a) ?? this.id(a);
      if (k === 'Fn::GetAtt') {
        const [id, attr] = getAttOf(v)!;
        return this.getAtt(id, attr);
      }
      if (k === 'Fn::Join') return ((await this.value(a[1])) as unknown[]).join(a[0]);
      if (k === 'Fn::Select') return ((await this.value(a[1])) as unknown[])[Number(await this.value(a[0]))];
      if (k === 'Fn::Split') return String(await this.value(a[1])).split(a[0]);
      if (k === 'Fn::Sub') {
        const [text, vars] = Array.isArray(a) ? a : [a, {}];
        let out = String(text);
        for (const m of String(text).match(/\$\{[^}!]+\}/g) ?? []) {
          const name = m.slice(2, -1);
          const given = (vars as Record<string, unknown>)[name];
          const resolved = given !== undefined ? await this.value(given) : this.pseudo(name) ?? (name.includes('.') ? await this.getAtt(name.split('.')[0], name.split('.').slice(1).join('.')) : this.id(name));
          out = out.split(m).join(String(resolved));
        }
        return out;
      }
      if (k.startsWith('Fn::')) throw new Error(`stand-in: ${k} is not resolved by the suite (add it to Resolver)`);
    }
    return Object.fromEntries(await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await this.value(x)])));
  }
}

// ---------------------------------------------------------------------------------------------
// Stand-ins: what moto's CloudFormation skipped, done through the service APIs (test code only)

const randomSuffix = () => Math.random().toString(36).slice(2, 14).toUpperCase();

export interface StandInResource {
  readonly logicalId: string;
  readonly physicalId: string;
  readonly type: string;
}

interface Transition {
  readonly alarmName: string;
  readonly at: Date;
  readonly from: string;
  readonly to: string;
}

/** The stand-ins of one deployed stack, what they created, and what the proxy shows for them. */
export class StandIns {
  /** Gaps the stand-ins filled for this stack. */
  readonly used = new Set<GapId>();
  /** Resources the proxy adds to ListStackResources. */
  readonly resources: StandInResource[] = [];
  /** Output values the proxy puts into DescribeStacks. */
  readonly outputs = new Map<string, string>();
  readonly transitions: Transition[] = [];
  /** Composite alarms the proxy shows in DescribeAlarms (moto has none), by name. */
  readonly composites = new Map<string, Record<string, unknown>>();
  /** The subscribers of each stand-in budget's notifications, which the proxy answers DescribeSubscribersForNotification with. */
  readonly budgetSubscribers: Array<{ budgetName: string; notification: Record<string, unknown>; subscribers: Subscriber[] }> = [];
  private readonly cleanups: Array<() => Promise<void>> = [];
  private readonly beforeDeletes: Array<() => Promise<void>> = [];
  private readonly alarmStates = new Map<string, string>();

  constructor(readonly stackName: string, readonly region: string, private readonly clients: Clients) {}

  /** Everything moto's CloudFormation skipped for this template. */
  async afterDeploy(template: Template): Promise<void> {
    const physical = await stackResources(this.clients, this.region, this.stackName);
    const resolver = new Resolver(template, physical, { region: this.region, stackName: this.stackName, clients: this.clients });
    const resources = Object.entries(template.Resources);
    const c = <C>(C: new (config: Record<string, unknown>) => C) => this.clients.get(C, this.region);

    for (const [id, r] of resources) {
      const p = r.Properties ?? {};
      if (r.Type === 'AWS::IAM::Role' && p.ManagedPolicyArns && physical.has(id)) {
        const RoleName = physical.get(id)!.physicalId;
        const attached = new Set(((await c(IAMClient).send(new ListAttachedRolePoliciesCommand({ RoleName }))).AttachedPolicies ?? []).map((a) => a.PolicyArn));
        for (const PolicyArn of (await resolver.value(p.ManagedPolicyArns)) as string[]) {
          if (attached.has(PolicyArn)) continue;
          await c(IAMClient).send(new AttachRolePolicyCommand({ RoleName, PolicyArn }));
          // CloudFormation detaches them when it deletes the role; moto, which never attached them, does not.
          this.beforeDeletes.push(async () => { await c(IAMClient).send(new DetachRolePolicyCommand({ RoleName, PolicyArn })); });
          this.used.add('managed-policy-arns');
        }
      }
      if (r.Type === 'AWS::IAM::Group' && !physical.has(id)) await this.group(id, template, resolver, physical);
      if (r.Type === 'AWS::S3::Bucket' && physical.has(id)) {
        const Bucket = physical.get(id)!.physicalId;
        if (p.PublicAccessBlockConfiguration) {
          await c(S3Client).send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: await resolver.value(p.PublicAccessBlockConfiguration) }));
          this.used.add('s3-bucket-settings');
        }
        if (p.VersioningConfiguration?.Status) {
          await c(S3Client).send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: p.VersioningConfiguration.Status } }));
          this.used.add('s3-bucket-settings');
        }
      }
      if (r.Type === 'AWS::RDS::DBInstance' && p.DeletionProtection === true && physical.has(id)) {
        await c(RDSClient).send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: physical.get(id)!.physicalId, DeletionProtection: true, ApplyImmediately: true }));
        this.used.add('rds-deletion-protection');
      }
      if (r.Type === 'AWS::EC2::Volume' && physical.has(id) && (p.VolumeType || p.Iops || p.Throughput)) {
        // ebs-volume-type: moto's CloudFormation makes every volume a gp2 of the given size.
        await c(EC2Client).send(new ModifyVolumeCommand({ VolumeId: physical.get(id)!.physicalId, VolumeType: p.VolumeType, Iops: p.Iops, Throughput: p.Throughput }));
        this.used.add('ebs-volume-type');
      }
      if (r.Type === 'AWS::Lambda::Function' && physical.has(id) && Array.isArray(p.Tags) && p.Tags.length) {
        // lambda-function-tags: moto's CloudFormation leaves the function untagged.
        const fn = await c(LambdaClient).send(new GetFunctionCommand({ FunctionName: physical.get(id)!.physicalId }));
        const want = Object.fromEntries(await Promise.all((p.Tags as Array<{ Key: unknown; Value: unknown }>).map(async (t) => [await resolver.value(t.Key), await resolver.value(t.Value)])));
        if (Object.entries(want).some(([k, v]) => fn.Tags?.[k] !== v)) {
          await c(LambdaClient).send(new TagResourceCommand({ Resource: fn.Configuration!.FunctionArn!, Tags: want }));
          this.used.add('lambda-function-tags');
        }
      }
      if (r.Type === 'AWS::CloudTrail::Trail' && !physical.has(id)) await this.trail(id, p, resolver, physical);
      if (r.Type === 'AWS::Budgets::Budget' && !physical.has(id)) await this.budget(id, p, resolver, physical);
      if (r.Type === 'Custom::S3BucketNotifications') {
        // What CDK's notifications handler does: put the whole configuration on the bucket.
        const Bucket = await resolver.value(p.BucketName);
        const config = await resolver.value(p.NotificationConfiguration ?? {});
        await c(S3Client).send(new PutBucketNotificationConfigurationCommand({ Bucket, NotificationConfiguration: config }));
        this.used.add('lambda-custom-resources');
      }
      if (r.Type === 'Custom::VpcRestrictDefaultSG') {
        const GroupId = await resolver.value(p.DefaultSecurityGroupId);
        const sg = (await c(EC2Client).send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId] }))).SecurityGroups![0];
        if (sg.IpPermissions?.length) await c(EC2Client).send(new RevokeSecurityGroupIngressCommand({ GroupId, IpPermissions: sg.IpPermissions }));
        if (sg.IpPermissionsEgress?.length) await c(EC2Client).send(new RevokeSecurityGroupEgressCommand({ GroupId, IpPermissions: sg.IpPermissionsEgress }));
        this.used.add('lambda-custom-resources');
      }
    }
    // Alarms after everything they point at; composites after the alarms in their rule.
    for (const [id, r] of resources) if (r.Type === 'AWS::CloudWatch::Alarm' && !physical.has(id)) await this.alarm(id, r.Properties ?? {}, resolver, physical);
    for (const [id, r] of resources) if (r.Type === 'AWS::CloudWatch::CompositeAlarm' && !physical.has(id)) await this.compositeAlarm(id, r.Properties ?? {}, resolver, physical);
    // Topic policies, once every topic exists.
    for (const [, r] of resources) {
      if (r.Type !== 'AWS::SNS::TopicPolicy') continue;
      const policy = JSON.stringify(await resolver.value(r.Properties!.PolicyDocument));
      for (const TopicArn of (await resolver.value(r.Properties!.Topics)) as string[]) {
        await c(SNSClient).send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: policy }));
      }
      this.used.add('sns-topic-policy');
    }
    // Outputs that refer to a stand-in resource.
    const standIn = new Set(this.resources.map((s) => s.logicalId));
    for (const [key, o] of Object.entries(template.Outputs ?? {})) {
      if (!refsIn(o.Value).some((id) => standIn.has(id))) continue;
      this.outputs.set(key, String(await resolver.value(o.Value)));
      this.used.add('stack-outputs');
    }
  }

  private async group(id: string, template: Template, resolver: Resolver, physical: Physical): Promise<void> {
    const iam = this.clients.get(IAMClient, this.region);
    const p = template.Resources[id].Properties ?? {};
    const GroupName = p.GroupName ?? `${this.stackName}-${id}-${randomSuffix()}`.slice(0, 128);
    await iam.send(new CreateGroupCommand({ GroupName, Path: p.Path }));
    physical.set(id, { physicalId: GroupName, type: 'AWS::IAM::Group' });
    for (const PolicyArn of (await resolver.value(p.ManagedPolicyArns ?? [])) as string[]) await iam.send(new AttachGroupPolicyCommand({ GroupName, PolicyArn }));
    for (const policy of ARRAY(p.Policies) as Array<{ PolicyName: string; PolicyDocument: unknown }>) {
      await iam.send(new PutGroupPolicyCommand({ GroupName, PolicyName: policy.PolicyName, PolicyDocument: JSON.stringify(await resolver.value(policy.PolicyDocument)) }));
    }
    for (const [userId, u] of Object.entries(template.Resources)) {
      if (u.Type !== 'AWS::IAM::User' || !physical.has(userId)) continue;
      if (!ARRAY(u.Properties?.Groups).some((g: any) => g?.Ref === id)) continue;
      const UserName = physical.get(userId)!.physicalId;
      await iam.send(new AddUserToGroupCommand({ GroupName, UserName }));
      this.beforeDeletes.push(async () => { await iam.send(new RemoveUserFromGroupCommand({ GroupName, UserName })); });
    }
    this.resources.push({ logicalId: id, physicalId: GroupName, type: 'AWS::IAM::Group' });
    this.cleanups.push(async () => {
      for (const a of (await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName }))).AttachedPolicies ?? []) await iam.send(new DetachGroupPolicyCommand({ GroupName, PolicyArn: a.PolicyArn }));
      for (const PolicyName of (await iam.send(new ListGroupPoliciesCommand({ GroupName }))).PolicyNames ?? []) await iam.send(new DeleteGroupPolicyCommand({ GroupName, PolicyName }));
      await iam.send(new DeleteGroupCommand({ GroupName }));
    });
    this.used.add('iam-group');
  }

  /** cloudtrail-trail: the trail as CloudFormation would create it, logging when the template says so. */
  private async trail(id: string, props: Record<string, any>, resolver: Resolver, physical: Physical): Promise<void> {
    const ct = this.clients.get(CloudTrailClient, this.region);
    const p = await resolver.value(props);
    const Name = p.TrailName ?? `${this.stackName}-${id}-${randomSuffix()}`.slice(0, 128);
    await ct.send(new CreateTrailCommand({
      Name,
      S3BucketName: p.S3BucketName,
      S3KeyPrefix: p.S3KeyPrefix,
      IsMultiRegionTrail: p.IsMultiRegionTrail,
      IncludeGlobalServiceEvents: p.IncludeGlobalServiceEvents,
      EnableLogFileValidation: p.EnableLogFileValidation,
      CloudWatchLogsLogGroupArn: p.CloudWatchLogsLogGroupArn,
      CloudWatchLogsRoleArn: p.CloudWatchLogsRoleArn,
      KmsKeyId: p.KMSKeyId,
      SnsTopicName: p.SnsTopicName,
    }));
    if (p.EventSelectors || p.AdvancedEventSelectors) await ct.send(new PutEventSelectorsCommand({ TrailName: Name, EventSelectors: p.EventSelectors, AdvancedEventSelectors: p.AdvancedEventSelectors }));
    if (p.IsLogging === true || p.IsLogging === 'true') await ct.send(new StartLoggingCommand({ Name }));
    physical.set(id, { physicalId: Name, type: 'AWS::CloudTrail::Trail' });
    this.resources.push({ logicalId: id, physicalId: Name, type: 'AWS::CloudTrail::Trail' });
    this.cleanups.push(async () => { await ct.send(new DeleteTrailCommand({ Name })); });
    this.used.add('cloudtrail-trail');
  }

  /** budget: the budget and its notifications (moto keeps them); their subscribers, which moto cannot return, for the proxy. */
  private async budget(id: string, props: Record<string, any>, resolver: Resolver, physical: Physical): Promise<void> {
    const budgets = this.clients.get(BudgetsClient, this.region);
    const p = await resolver.value(props);
    const BudgetName = p.Budget?.BudgetName ?? `${this.stackName}-${id}-${randomSuffix()}`.slice(0, 100);
    const withSubscribers = ARRAY(p.NotificationsWithSubscribers) as Array<{ Notification: Record<string, unknown>; Subscribers: Subscriber[] }>;
    const limit = p.Budget?.BudgetLimit ? { BudgetLimit: { ...p.Budget.BudgetLimit, Amount: String(p.Budget.BudgetLimit.Amount) } } : {};
    await budgets.send(new CreateBudgetCommand({ AccountId: ACCOUNT, Budget: { ...p.Budget, ...limit, BudgetName }, NotificationsWithSubscribers: withSubscribers as never, ResourceTags: p.ResourceTags }));
    for (const n of withSubscribers) this.budgetSubscribers.push({ budgetName: BudgetName, notification: n.Notification, subscribers: n.Subscribers });
    physical.set(id, { physicalId: BudgetName, type: 'AWS::Budgets::Budget' });
    this.resources.push({ logicalId: id, physicalId: BudgetName, type: 'AWS::Budgets::Budget' });
    this.cleanups.push(async () => { await budgets.send(new DeleteBudgetCommand({ AccountId: ACCOUNT, BudgetName })); });
    this.used.add('budget');
  }

  private async alarm(id: string, props: Record<string, any>, resolver: Resolver, physical: Physical): Promise<void> {
    const p = await resolver.value(props);
    const AlarmName = p.AlarmName ?? `${this.stackName}-${id}-${randomSuffix()}`;
    await this.clients.get(CloudWatchClient, this.region).send(new PutMetricAlarmCommand({ ...p, AlarmName }));
    this.registerAlarm(id, AlarmName, 'AWS::CloudWatch::Alarm', physical);
    this.used.add('cloudwatch-alarm');
  }

  /**
   * moto has no composite alarms at all (PutCompositeAlarm is not implemented, and its PutMetricAlarm
   * drops AlarmRule): the proxy adds this one, from the template, to DescribeAlarms' CompositeAlarms.
   */
  private async compositeAlarm(id: string, props: Record<string, any>, resolver: Resolver, physical: Physical): Promise<void> {
    const p = await resolver.value(props);
    const AlarmName = p.AlarmName ?? `${this.stackName}-${id}-${randomSuffix()}`;
    this.composites.set(AlarmName, {
      AlarmName,
      AlarmArn: `arn:aws:cloudwatch:${this.region}:${ACCOUNT}:alarm:${AlarmName}`,
      AlarmDescription: p.AlarmDescription,
      AlarmRule: p.AlarmRule,
      ActionsEnabled: p.ActionsEnabled ?? true,
      AlarmActions: p.AlarmActions ?? [],
      OKActions: p.OKActions ?? [],
      InsufficientDataActions: p.InsufficientDataActions ?? [],
      StateValue: 'INSUFFICIENT_DATA',
      StateReason: 'stand-in for CloudWatch: composite alarm created from the template',
    });
    physical.set(id, { physicalId: AlarmName, type: 'AWS::CloudWatch::CompositeAlarm' });
    this.resources.push({ logicalId: id, physicalId: AlarmName, type: 'AWS::CloudWatch::CompositeAlarm' });
    this.used.add('composite-alarm');
  }

  private registerAlarm(id: string, AlarmName: string, type: string, physical: Physical): void {
    physical.set(id, { physicalId: AlarmName, type });
    this.resources.push({ logicalId: id, physicalId: AlarmName, type });
    this.alarmStates.set(AlarmName, 'INSUFFICIENT_DATA');
    this.cleanups.push(async () => { await this.clients.get(CloudWatchClient, this.region).send(new DeleteAlarmsCommand({ AlarmNames: [AlarmName] })); });
  }

  /** Stands in for CloudWatch's evaluation: sets the alarm's state and records the history item. */
  async setAlarmState(alarmName: string, state: 'ALARM' | 'OK', reason: string): Promise<void> {
    await this.clients.get(CloudWatchClient, this.region).send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: state, StateReason: `stand-in for CloudWatch: ${reason}` }));
    this.transitions.push({ alarmName, at: new Date(), from: this.alarmStates.get(alarmName) ?? 'INSUFFICIENT_DATA', to: state });
    this.alarmStates.set(alarmName, state);
    this.used.add('alarm-evaluation');
  }

  /** Undoes, before `cdk destroy`, what CloudFormation would undo itself while deleting the stack. */
  async beforeDestroy(): Promise<void> {
    for (const undo of this.beforeDeletes.splice(0).reverse()) await undo();
  }

  /** Deletes what the stand-ins created (CloudFormation would have deleted it with the stack). */
  async afterDestroy(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup();
  }
}

/** Alarms of the stack that watch the health of a target group (the incident drills' symptoms). */
export function targetHealthAlarms(template: Template, standIns: StandIns): string[] {
  return standIns.resources
    .filter((r) => r.type === 'AWS::CloudWatch::Alarm' && /HealthyHostCount$/i.test(String(template.Resources[r.logicalId]?.Properties?.MetricName)))
    .map((r) => r.physicalId);
}

// ---------------------------------------------------------------------------------------------
// The proxy: moto, plus the stand-in resources and the alarm history, as the grader sees them

/**
 * An HTTP proxy in front of moto for the commands under test (awswo grade, inject, sweep). It passes
 * everything through, except: ListStackResources gets the stand-in resources of the stack,
 * DescribeStacks the stand-in output values, and DescribeAlarmHistory (which moto lacks) is answered
 * from the state changes the stand-ins made.
 */
export class EmulatorProxy {
  private server?: http.Server;
  endpoint = '';
  /** The stand-ins of the stack deployed now, or undefined. */
  current?: StandIns;
  readonly served = new Set<GapId>();

  constructor(private readonly motoPort: number) {}

  async start(): Promise<void> {
    const port = await freePort();
    this.server = http.createServer((req, res) => { void this.handle(req, res); });
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', r));
    this.endpoint = `http://localhost:${port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => (this.server ? this.server.close(r) : r(undefined)));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readAll(req);
    const auth = String(req.headers.authorization ?? '');
    const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(auth)?.[1];
    const target = String(req.headers['x-amz-target'] ?? '');
    const form = service === 'cloudformation' ? new URLSearchParams(body.toString('utf8')) : undefined;
    const s = this.current;

    if (service === 'monitoring' && target.endsWith('.DescribeAlarmHistory')) {
      this.served.add('alarm-history');
      return send(res, 200, { 'content-type': 'application/x-amz-json-1.0' }, JSON.stringify(alarmHistory(JSON.parse(body.toString('utf8') || '{}'), s?.transitions ?? [])));
    }
    if (service === 'budgets' && target.endsWith('.DescribeSubscribersForNotification')) {
      this.served.add('budget-subscribers');
      const input = JSON.parse(body.toString('utf8') || '{}') as { BudgetName?: string; Notification?: Record<string, unknown> };
      const same = (a: Record<string, unknown>, b: Record<string, unknown> = {}) => ['NotificationType', 'ComparisonOperator', 'ThresholdType'].every((k) => (a[k] ?? 'PERCENTAGE') === (b[k] ?? 'PERCENTAGE')) && Number(a.Threshold) === Number(b.Threshold);
      const found = s?.budgetSubscribers.find((n) => n.budgetName === input.BudgetName && same(n.notification, input.Notification));
      if (!found) return send(res, 400, { 'content-type': 'application/x-amz-json-1.1' }, JSON.stringify({ __type: 'NotFoundException', Message: 'stand-in: no such notification' }));
      return send(res, 200, { 'content-type': 'application/x-amz-json-1.1' }, JSON.stringify({ Subscribers: found.subscribers }));
    }
    const upstream = await forward(this.motoPort, req, body);
    let payload = upstream.body.toString('utf8');
    if (service === 'monitoring' && target.endsWith('.DescribeAlarms') && upstream.status === 200 && s?.composites.size) {
      const input = JSON.parse(body.toString('utf8') || '{}') as { AlarmNames?: string[]; AlarmTypes?: string[] };
      if ((input.AlarmTypes ?? []).includes('CompositeAlarm')) {
        const out = JSON.parse(payload) as { CompositeAlarms?: unknown[] };
        const wanted = [...s.composites.values()].filter((c) => !input.AlarmNames || input.AlarmNames.includes(String(c.AlarmName)));
        if (wanted.length) {
          out.CompositeAlarms = [...(out.CompositeAlarms ?? []), ...wanted];
          payload = JSON.stringify(out);
          this.served.add('composite-alarm');
        }
      }
    }
    const forStack = (name: string | null) => !!s && !!name && (name === s.stackName || name.includes(`:stack/${s.stackName}/`));
    if (form?.get('Action') === 'ListStackResources' && forStack(form.get('StackName')) && upstream.status === 200 && !form.get('NextToken')) {
      const members = s!.resources.map((r) => `<member><LogicalResourceId>${r.logicalId}</LogicalResourceId><PhysicalResourceId>${r.physicalId}</PhysicalResourceId><ResourceType>${r.type}</ResourceType><ResourceStatus>CREATE_COMPLETE</ResourceStatus><LastUpdatedTimestamp>${new Date().toISOString()}</LastUpdatedTimestamp></member>`).join('');
      payload = payload.replace('</StackResourceSummaries>', `${members}</StackResourceSummaries>`);
    }
    if (form?.get('Action') === 'DescribeStacks' && forStack(form.get('StackName')) && upstream.status === 200) {
      // moto leaves out an output whose value it could not compute (and <Outputs> when none is left).
      const members = [...s!.outputs].filter(([key]) => !payload.includes(`<OutputKey>${key}</OutputKey>`))
        .map(([key, value]) => `<member><OutputKey>${key}</OutputKey><OutputValue>${value}</OutputValue></member>`).join('');
      if (members) payload = payload.includes('</Outputs>') ? payload.replace('</Outputs>', `${members}</Outputs>`) : payload.replace('</StackName>', `</StackName><Outputs>${members}</Outputs>`);
    }
    const headers = { ...upstream.headers };
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    send(res, upstream.status, headers, payload === upstream.body.toString('utf8') ? upstream.body : payload);
  }
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c) => chunks.push(Buffer.from(c)));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function forward(port: number, req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: `localhost:${port}`, 'content-length': String(body.length) };
    const up = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers }, async (r) => {
      resolve({ status: r.statusCode ?? 502, headers: r.headers, body: await readAll(r) });
    });
    up.on('error', reject);
    up.end(body);
  });
}

function send(res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders, body: string | Buffer): void {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
  res.writeHead(status, { ...headers, 'content-length': String(buf.length) });
  res.end(buf);
}

/** DescribeAlarmHistory's answer (JSON 1.0: timestamps in epoch seconds), from the recorded transitions. */
function alarmHistory(input: { AlarmName?: string; StartDate?: number; EndDate?: number; ScanBy?: string; HistoryItemType?: string }, transitions: readonly Transition[]) {
  const start = input.StartDate !== undefined ? input.StartDate * 1000 : -Infinity;
  const end = input.EndDate !== undefined ? input.EndDate * 1000 : Infinity;
  const items = transitions
    .filter((t) => (!input.AlarmName || t.alarmName === input.AlarmName) && t.at.getTime() >= start && t.at.getTime() <= end)
    .filter(() => !input.HistoryItemType || input.HistoryItemType === 'StateUpdate')
    .map((t) => ({
      AlarmName: t.alarmName,
      AlarmType: 'MetricAlarm',
      Timestamp: t.at.getTime() / 1000,
      HistoryItemType: 'StateUpdate',
      HistorySummary: `Alarm updated from ${t.from} to ${t.to}`,
      HistoryData: JSON.stringify({ version: '1.0', oldState: { stateValue: t.from }, newState: { stateValue: t.to } }),
    }));
  if (input.ScanBy !== 'TimestampAscending') items.reverse();
  return { AlarmHistoryItems: items };
}

// ---------------------------------------------------------------------------------------------
// Incidents (module 05): what `awswo inject` says it did, checked against EC2

export interface RevokedRule {
  readonly groupId: string;
  readonly permission: IpPermission;
}

/** Parses `revoked on X (sg-…): tcp 80-80 from Y (sg-…)` from awswo inject's output. */
export function revokedRule(output: string): RevokedRule | undefined {
  const m = /revoked on \S+ \((sg-[0-9a-f]+)\): (\S+) (-?\d+)-(-?\d+) from \S+ \((sg-[0-9a-f]+)\)/.exec(output);
  if (!m) return undefined;
  return { groupId: m[1], permission: { IpProtocol: m[2], FromPort: Number(m[3]), ToPort: Number(m[4]), UserIdGroupPairs: [{ GroupId: m[5] }] } };
}

export async function securityGroup(clients: Clients, region: string, groupId: string) {
  return (await clients.get(EC2Client, region).send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups![0];
}

/** The student's mitigation: puts the revoked rule back. */
export async function restoreRule(clients: Clients, region: string, rule: RevokedRule): Promise<void> {
  await clients.get(EC2Client, region).send(new AuthorizeSecurityGroupIngressCommand({ GroupId: rule.groupId, IpPermissions: [rule.permission] }));
}

/** The reference incident log with its five step times replaced by `times` (in order). */
export function incidentLog(reference: string, times: readonly Date[]): string {
  let i = 0;
  const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return reference.replace(/^(## (Observe|Isolate|Mitigate|Verify|Document)\n)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/gm, (_m, heading) => `${heading}${iso(times[i++])}`);
}

// ---------------------------------------------------------------------------------------------
// Teardown: what a solved lab needs before destroy, and what is left after it

/** A solved lab protects its databases: turn deletion protection off first (the drill's README tear-down). */
export async function allowDatabaseDeletion(clients: Clients, region: string, physical: Physical): Promise<string[]> {
  const rds = clients.get(RDSClient, region);
  const turnedOff: string[] = [];
  for (const [, r] of physical) {
    if (r.type !== 'AWS::RDS::DBInstance') continue;
    const db = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: r.physicalId }))).DBInstances?.[0];
    if (!db?.DeletionProtection) continue;
    await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: r.physicalId, DeletionProtection: false, ApplyImmediately: true }));
    turnedOff.push(r.physicalId);
  }
  return turnedOff;
}

export interface StackFunction {
  readonly logicalId: string;
  readonly name: string;
  /** The template names the function's log group (LoggingConfig.LogGroup): the guardrails see to it. */
  readonly ownLogGroup: boolean;
}

/** The stack's Lambda functions, read before destroy. */
export function stackFunctions(template: Template, physical: Physical): StackFunction[] {
  return [...physical].filter(([, r]) => r.type === 'AWS::Lambda::Function').map(([logicalId, r]) => ({
    logicalId,
    name: r.physicalId,
    ownLogGroup: template.Resources[logicalId]?.Properties?.LoggingConfig?.LogGroup !== undefined,
  }));
}

/** `/aws/lambda/<function>` log groups of these functions that exist (Lambda creates them at run time, outside the stack). */
export async function runtimeLogGroups(clients: Clients, region: string, functions: readonly StackFunction[]): Promise<Array<{ group: string; fn: StackFunction }>> {
  const logs = clients.get(CloudWatchLogsClient, region);
  const found: Array<{ group: string; fn: StackFunction }> = [];
  for (const fn of functions) {
    const group = `/aws/lambda/${fn.name}`;
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
    if ((out.logGroups ?? []).some((g) => g.logGroupName === group)) found.push({ group, fn });
  }
  return found;
}

export async function deleteLogGroup(clients: Clients, region: string, logGroupName: string): Promise<void> {
  await clients.get(CloudWatchLogsClient, region).send(new DeleteLogGroupCommand({ logGroupName }));
}

export interface Leftover {
  readonly arn: string;
  readonly kind: string;
  readonly region: string;
}

/** Every resource tagged awswo:student=STUDENT in the regions, terminated instances left out (they are gone). */
export async function taggedLeftovers(clients: Clients, regions: Iterable<string>): Promise<Leftover[]> {
  const out: Leftover[] = [];
  for (const region of new Set(regions)) {
    const tagging = clients.get(ResourceGroupsTaggingAPIClient, region);
    let PaginationToken: string | undefined;
    const arns: string[] = [];
    do {
      const page = await tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: 'awswo:student', Values: [STUDENT] }], PaginationToken }));
      arns.push(...(page.ResourceTagMappingList ?? []).map((m) => m.ResourceARN!).filter(Boolean));
      PaginationToken = page.PaginationToken || undefined;
    } while (PaginationToken);
    for (const arn of arns) {
      const { kind, id } = parseArn(arn);
      if (kind === 'ec2:instance') {
        const state = (await clients.get(EC2Client, region).send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations?.[0]?.Instances?.[0]?.State?.Name;
        if (state === 'terminated') continue;
      }
      out.push({ arn, kind, region });
    }
  }
  return out.sort((a, b) => a.arn.localeCompare(b.arn));
}

// ---------------------------------------------------------------------------------------------
// Workspaces

/** A student's copy of the repository that holds the drill's reference solution as its lab.ts. */
export function solutionWorkspace(drillDir: string, incident?: (reference: string) => string): string {
  const ws = tempDir('awswo-live-ws-');
  const rel = path.relative(LIBRARY_ROOT, drillDir);
  const dir = path.join(ws, rel);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(drillDir, 'solution.ts'), path.join(dir, 'lab.ts'));
  for (const [from, to] of [['RUNBOOK.solution.md', 'RUNBOOK.md'], ['INCIDENT.solution.md', 'INCIDENT.md']]) {
    const file = path.join(drillDir, from);
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(path.join(dir, to), to === 'INCIDENT.md' && incident ? incident(text) : text);
  }
  return ws;
}

/** Rewrites the workspace's INCIDENT.md (the student fills it while working the incident). */
export function writeIncidentLog(ws: string, drillDir: string, text: string): void {
  fs.writeFileSync(path.join(ws, path.relative(LIBRARY_ROOT, drillDir), 'INCIDENT.md'), text);
}

// ---------------------------------------------------------------------------------------------
// Grade reports

export interface LiveCheckRow {
  readonly objective: string;
  readonly id: string;
  readonly status: 'pass' | 'fail' | 'error';
  readonly message: string;
}

export interface GradeReport {
  readonly passed: boolean;
  readonly durationMs: number;
  readonly objectives: Array<{ id: string; status: string; checks: Array<{ id: string; kind?: string; status: 'pass' | 'fail' | 'error'; message: string }> }>;
  readonly live: { warnings: string[] };
}

export function liveChecks(report: GradeReport): LiveCheckRow[] {
  return report.objectives.flatMap((o) => o.checks.filter((c) => c.kind === 'live').map((c) => ({ objective: o.id, id: c.id, status: c.status, message: c.message })));
}

// ---------------------------------------------------------------------------------------------
// Results of the run (timings for npm run bench:live, stand-ins used, drills without live checks)

export const RESULTS_FILE = path.join(LIBRARY_ROOT, 'test', 'live', '.last-run.json');

export interface PhaseResult {
  synthSeconds?: number;
  deploySeconds?: number;
  gradeSeconds?: number;
  /** The grade's own durationMs (static and live grading in the process, without Node and npx start-up). */
  gradeInProcessSeconds?: number;
  destroySeconds?: number;
  sweepSeconds?: number;
  patches?: GapId[];
  standIns?: GapId[];
  guards?: string[];
  asserted?: string[];
  /** Kinds of the awswo-tagged resources left after destroy (before the sweep). */
  leftovers?: string[];
}

export interface RunResults {
  startedAt: string;
  machine: string;
  drills: Record<string, { pristine: PhaseResult; solution: PhaseResult; liveChecks: number; incident?: boolean }>;
  withoutLiveChecks: string[];
  gapsUsed: GapId[];
  /** What `awswo grade --live` says without --skip-drift (moto has no drift detection). */
  driftError?: string;
  totalSeconds?: number;
}

export function newResults(): RunResults {
  return { startedAt: new Date().toISOString(), machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`, drills: {}, withoutLiveChecks: [], gapsUsed: [] };
}

export type { StackResourceSummary };
