// `awswo sweep`: finds what awswo labs left behind (tagged resources whose stack is gone, or whose
// expiry passed) through the Resource Groups Tagging API, and deletes it, even when CloudFormation
// lost track of it.
import { CloudFormationClient, DeleteStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DeleteAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DeleteFlowLogsCommand, DeleteInternetGatewayCommand, DeleteLaunchTemplateCommand, DeleteNatGatewayCommand, DeleteNetworkInterfaceCommand,
  DeleteRouteTableCommand, DeleteSecurityGroupCommand, DeleteSubnetCommand, DeleteVolumeCommand, DeleteVpcCommand, DescribeFlowLogsCommand,
  DescribeInstancesCommand, DescribeInternetGatewaysCommand, DescribeNatGatewaysCommand, DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DetachInternetGatewayCommand,
  DisassociateRouteTableCommand, EC2Client, ReleaseAddressCommand, RevokeSecurityGroupEgressCommand, RevokeSecurityGroupIngressCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { DeleteLoadBalancerCommand, DeleteTargetGroupCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand,
  ListInstanceProfilesForRoleCommand, ListRolePoliciesCommand, RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { DeleteFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteDBInstanceCommand, DeleteDBSnapshotCommand, DeleteDBSubnetGroupCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { DeleteBucketCommand, DeleteObjectsCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { firstLine, GradeInputError } from '../grading/errors';
import { TAG_KEYS } from '../lab/guardrail-names';
import { labStackName } from '../lab/lab-context';
import { isAwsError, taggedCall } from '../live/errors';
import { LiveSession } from '../live/session';

/** A sweep that cannot run (no credentials, denied listing, throttled...): one line, exit 2. */
export class SweepError extends GradeInputError {
  constructor(message: string) {
    super(message);
    this.name = 'SweepError';
  }
}

export type SweepReason = 'stack-gone' | 'expired';
export type SweepAction =
  | 'deleted' | 'would delete' | 'deleted with its stack' | 'would delete with its stack'
  | 'delete by hand' | 'already gone' | 'failed';

export interface SweepItem {
  readonly arn: string;
  /** `ec2:volume`, `s3:bucket`, `rds:db`... */
  readonly kind: string;
  readonly student?: string;
  readonly drill?: string;
  readonly stack?: string;
  readonly reason: SweepReason;
  readonly action: SweepAction;
  readonly message?: string;
}

export interface SweepResult {
  readonly region: string;
  readonly dryRun: boolean;
  readonly student?: string;
  /** Stacks deleted (or to delete) because their expiry passed while they still exist. */
  readonly stacks: ReadonlyArray<{ readonly name: string; readonly action: 'deleted' | 'would delete' | 'failed'; readonly message?: string }>;
  readonly items: readonly SweepItem[];
  /** Tagged resources left alone: their stack exists and has not expired. */
  readonly inUse: number;
}

export interface SweepOptions {
  readonly student?: string;
  readonly dryRun?: boolean;
  readonly now?: Date;
}

const NOT_FOUND = /NotFound|NoSuch|does not exist/i;
const DENIED = /AccessDenied|UnauthorizedOperation|AuthorizationError|Forbidden/;
const THROTTLED = /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/;

function errName(err: unknown): string {
  const e = err as { name?: string; Code?: string; code?: string } | undefined;
  return String(e?.name ?? e?.Code ?? e?.code ?? '');
}

/** A listing call failed: the whole sweep cannot run. */
export function sweepError(err: unknown, region: string): SweepError {
  if (err instanceof SweepError) return err;
  const name = errName(err);
  const call = taggedCall(err);
  const during = call ? ` (${call})` : '';
  const message = firstLine(err);
  if (name === 'CredentialsProviderError') return new SweepError('no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (sweep uses the standard AWS SDK credential chain)');
  if (/^Region is missing/.test(message)) return new SweepError('no AWS region: pass --region, set AWS_REGION, or set a region in your AWS_PROFILE');
  if (/ExpiredToken|RequestExpired/.test(name)) return new SweepError(`the AWS credentials have expired (${name})${during}: refresh them and sweep again`);
  if (/InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch|InvalidAccessKeyId|AuthFailure/.test(name)) {
    return new SweepError(`the AWS credentials are not valid for this endpoint (${name})${during}: check AWS_PROFILE, the access keys and AWS_ENDPOINT_URL`);
  }
  if (DENIED.test(name)) return new SweepError(`access denied${during} in ${region}: the sweep needs tag:GetResources and cloudformation:DescribeStacks (${message})`);
  if (THROTTLED.test(name)) return new SweepError(`AWS kept throttling ${call ?? 'the sweep'} in ${region} (${name}): wait a minute and sweep again`);
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|getaddrinfo|socket hang up/.test(message + name)) {
    return new SweepError(`cannot reach the AWS endpoint${process.env.AWS_ENDPOINT_URL ? ` ${process.env.AWS_ENDPOINT_URL}` : ''}${during}: ${message}`);
  }
  if (!isAwsError(err)) return new SweepError(`sweep failed: ${message}`);
  return new SweepError(`AWS error${during}: ${name ? `${name}: ` : ''}${message}`);
}

/** `ec2:volume` and `vol-0abc` from an ARN. */
export function parseArn(arn: string): { service: string; kind: string; id: string; region: string } {
  const parts = arn.split(':');
  const service = parts[2] ?? '';
  const region = parts[3] ?? '';
  const resource = parts.slice(5).join(':');
  if (service === 's3') return { service, kind: 's3:bucket', id: resource, region };
  if (service === 'sns') return { service, kind: 'sns:topic', id: arn, region };
  if (service === 'logs') return { service, kind: 'logs:log-group', id: resource.replace(/^log-group:/, '').replace(/:\*$/, ''), region };
  if (service === 'elasticloadbalancing') {
    const [type] = resource.split('/');
    return { service, kind: `elasticloadbalancing:${type}`, id: arn, region };
  }
  const m = /^([^/:]+)[/:](.+)$/.exec(resource);
  if (!m) return { service, kind: `${service}:${resource}`, id: resource, region };
  return { service, kind: `${service}:${m[1]}`, id: m[2], region };
}

/** Deletion order: what holds others first (instances before addresses, subnets before the VPC). */
const ORDER: Record<string, number> = {
  'cloudwatch:alarm': 10, 'lambda:function': 10, 'elasticloadbalancing:loadbalancer': 20, 'ec2:instance': 20, 'rds:db': 20,
  'elasticloadbalancing:targetgroup': 25, 'ec2:natgateway': 30, 'ec2:elastic-ip': 40, 'ec2:volume': 40, 'logs:log-group': 50,
  'sns:topic': 50, 's3:bucket': 50, 'rds:snapshot': 50, 'ec2:flow-logs': 55, 'ec2:vpc-flow-log': 55, 'rds:subgrp': 60,
  'ec2:launch-template': 60, 'ec2:security-group': 70, 'ec2:route-table': 75, 'ec2:subnet': 80, 'ec2:internet-gateway': 85,
  'ec2:vpc': 90, 'iam:role': 95,
};

/** A deleter returns 'already gone' when the resource turned out to be deleted (a terminated instance). */
type Deleter = (s: LiveSession, id: string, arn: string) => Promise<void | 'already gone'>;

/** Ignores "not found": part of what is inside a VPC may be deleted already. */
async function unlessGone(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (err) {
    if (!NOT_FOUND.test(errName(err))) throw err;
  }
}

/**
 * A lab VPC whose stack is gone, with what is still inside it: CloudFormation that lost track of a
 * stack (or an emulator that never deletes route tables) leaves the VPC "with dependencies". Its
 * flow logs, NAT gateways, internet gateways, unattached network interfaces, subnets, route tables
 * and security groups belong to the same lab (the VPC is tagged with the student's awswo tags), so
 * they go first, then the VPC. A NAT gateway or an interface still being deleted is a
 * DependencyViolation: "sweep again in a few minutes".
 */
async function deleteVpc(s: LiveSession, vpcId: string): Promise<void> {
  const ec2 = s.client(EC2Client);
  const inVpc = [{ Name: 'vpc-id', Values: [vpcId] }];
  const flowLogs = (await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [vpcId] }] }))).FlowLogs ?? [];
  if (flowLogs.length) await ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: flowLogs.map((f) => f.FlowLogId!) }));
  for (const nat of (await ec2.send(new DescribeNatGatewaysCommand({ Filter: inVpc }))).NatGateways ?? []) {
    if (nat.State !== 'deleted' && nat.State !== 'deleting') await unlessGone(() => ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: nat.NatGatewayId })));
  }
  for (const igw of (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] }))).InternetGateways ?? []) {
    await unlessGone(() => ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw.InternetGatewayId, VpcId: vpcId })));
    await unlessGone(() => ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igw.InternetGatewayId })));
  }
  for (const eni of (await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [...inVpc, { Name: 'status', Values: ['available'] }] }))).NetworkInterfaces ?? []) {
    await unlessGone(() => ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eni.NetworkInterfaceId })));
  }
  for (const table of (await ec2.send(new DescribeRouteTablesCommand({ Filters: inVpc }))).RouteTables ?? []) {
    if ((table.Associations ?? []).some((a) => a.Main)) continue;
    for (const a of table.Associations ?? []) await unlessGone(() => ec2.send(new DisassociateRouteTableCommand({ AssociationId: a.RouteTableAssociationId })));
  }
  for (const subnet of (await ec2.send(new DescribeSubnetsCommand({ Filters: inVpc }))).Subnets ?? []) {
    await unlessGone(() => ec2.send(new DeleteSubnetCommand({ SubnetId: subnet.SubnetId })));
  }
  for (const table of (await ec2.send(new DescribeRouteTablesCommand({ Filters: inVpc }))).RouteTables ?? []) {
    if ((table.Associations ?? []).some((a) => a.Main)) continue;
    await unlessGone(() => ec2.send(new DeleteRouteTableCommand({ RouteTableId: table.RouteTableId })));
  }
  // Rules first: groups that refer to each other cannot be deleted one by one otherwise.
  const groups = ((await ec2.send(new DescribeSecurityGroupsCommand({ Filters: inVpc }))).SecurityGroups ?? []).filter((g) => g.GroupName !== 'default');
  for (const g of groups) {
    if (g.IpPermissions?.length) await unlessGone(() => ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: g.GroupId, IpPermissions: g.IpPermissions })));
    if (g.IpPermissionsEgress?.length) await unlessGone(() => ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g.GroupId, IpPermissions: g.IpPermissionsEgress })));
  }
  for (const g of groups) await unlessGone(() => ec2.send(new DeleteSecurityGroupCommand({ GroupId: g.GroupId })));
  await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
}

const DELETERS: Record<string, Deleter> = {
  's3:bucket': async (s, bucket) => {
    const s3 = s.client(S3Client);
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    do {
      const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker, VersionIdMarker }));
      const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((o) => ({ Key: o.Key!, VersionId: o.VersionId }));
      if (objects.length) await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
      KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      VersionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (KeyMarker);
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  },
  'ec2:instance': async (s, id) => {
    const ec2 = s.client(EC2Client);
    const state = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations?.[0]?.Instances?.[0]?.State?.Name;
    // Terminated instances stay listed (and tagged) for a while after their Auto Scaling group is gone.
    if (state === undefined || state === 'terminated' || state === 'shutting-down') return 'already gone';
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    return undefined;
  },
  'ec2:volume': async (s, id) => { await s.client(EC2Client).send(new DeleteVolumeCommand({ VolumeId: id })); },
  'ec2:elastic-ip': async (s, id) => { await s.client(EC2Client).send(new ReleaseAddressCommand({ AllocationId: id })); },
  'ec2:natgateway': async (s, id) => { await s.client(EC2Client).send(new DeleteNatGatewayCommand({ NatGatewayId: id })); },
  'ec2:security-group': async (s, id) => { await s.client(EC2Client).send(new DeleteSecurityGroupCommand({ GroupId: id })); },
  'ec2:subnet': async (s, id) => { await s.client(EC2Client).send(new DeleteSubnetCommand({ SubnetId: id })); },
  'ec2:route-table': async (s, id) => { await s.client(EC2Client).send(new DeleteRouteTableCommand({ RouteTableId: id })); },
  'ec2:launch-template': async (s, id) => { await s.client(EC2Client).send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: id })); },
  'ec2:internet-gateway': async (s, id) => {
    const ec2 = s.client(EC2Client);
    const found = await ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [id] }));
    for (const a of found.InternetGateways?.[0]?.Attachments ?? []) {
      if (a.VpcId) await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: id, VpcId: a.VpcId }));
    }
    await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: id }));
  },
  'ec2:vpc': deleteVpc,
  // moto names flow log ARNs flow-logs/fl-..., AWS vpc-flow-log/fl-...
  'ec2:flow-logs': async (s, id) => { await s.client(EC2Client).send(new DeleteFlowLogsCommand({ FlowLogIds: [id] })); },
  'ec2:vpc-flow-log': async (s, id) => { await s.client(EC2Client).send(new DeleteFlowLogsCommand({ FlowLogIds: [id] })); },
  'rds:db': async (s, id) => {
    await s.client(RDSClient).send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: id, SkipFinalSnapshot: true, DeleteAutomatedBackups: true }));
  },
  // The final snapshot a solved lab's DeletionPolicy Snapshot leaves (tags are copied to it).
  'rds:snapshot': async (s, id) => { await s.client(RDSClient).send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: id })); },
  'rds:subgrp': async (s, id) => { await s.client(RDSClient).send(new DeleteDBSubnetGroupCommand({ DBSubnetGroupName: id })); },
  'logs:log-group': async (s, id) => { await s.client(CloudWatchLogsClient).send(new DeleteLogGroupCommand({ logGroupName: id })); },
  'lambda:function': async (s, id) => { await s.client(LambdaClient).send(new DeleteFunctionCommand({ FunctionName: id })); },
  'sns:topic': async (s, arn) => { await s.client(SNSClient).send(new DeleteTopicCommand({ TopicArn: arn })); },
  'cloudwatch:alarm': async (s, id) => { await s.client(CloudWatchClient).send(new DeleteAlarmsCommand({ AlarmNames: [id] })); },
  'elasticloadbalancing:loadbalancer': async (s, arn) => { await s.client(ElasticLoadBalancingV2Client).send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn })); },
  'elasticloadbalancing:targetgroup': async (s, arn) => { await s.client(ElasticLoadBalancingV2Client).send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })); },
  'iam:role': async (s, name) => {
    const iam = s.client(IAMClient);
    const role = name.split('/').pop()!;
    for (const p of (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }))).AttachedPolicies ?? []) {
      await iam.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: p.PolicyArn }));
    }
    for (const p of (await iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames ?? []) {
      await iam.send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName: p }));
    }
    for (const ip of (await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: role }))).InstanceProfiles ?? []) {
      await iam.send(new RemoveRoleFromInstanceProfileCommand({ RoleName: role, InstanceProfileName: ip.InstanceProfileName }));
    }
    await iam.send(new DeleteRoleCommand({ RoleName: role }));
  },
};

/** The kinds the sweep can delete itself. */
export const SWEEPABLE_KINDS = Object.keys(DELETERS);

type StackState = { exists: boolean; status?: string };

async function stackState(s: LiveSession, name: string, cache: Map<string, StackState>, region: string): Promise<StackState> {
  const cached = cache.get(name);
  if (cached) return cached;
  let state: StackState;
  try {
    const out = await s.client(CloudFormationClient).send(new DescribeStacksCommand({ StackName: name }));
    const status = out.Stacks?.[0]?.StackStatus;
    state = { exists: !!status && status !== 'DELETE_COMPLETE', status };
  } catch (err) {
    if (errName(err) === 'ValidationError' && /does not exist/.test(firstLine(err))) state = { exists: false };
    else throw sweepError(err, region);
  }
  cache.set(name, state);
  return state;
}

/** Finds awswo leftovers and deletes them (or, with dryRun, only lists them). */
export async function sweep(session: LiveSession, opts: SweepOptions = {}): Promise<SweepResult> {
  let region: string;
  try {
    region = (await session.region()).region;
  } catch (err) {
    throw err instanceof GradeInputError ? new SweepError(err.message) : sweepError(err, 'unknown region');
  }
  const now = (opts.now ?? new Date()).getTime();
  const tagging = session.client(ResourceGroupsTaggingAPIClient);
  const filters = opts.student ? [{ Key: TAG_KEYS.student, Values: [opts.student] }] : [{ Key: TAG_KEYS.drill }];
  const mappings: Array<{ ResourceARN?: string; Tags?: Array<{ Key?: string; Value?: string }> }> = [];
  let token: string | undefined;
  try {
    do {
      const page = await tagging.send(new GetResourcesCommand({ TagFilters: filters, PaginationToken: token, ResourcesPerPage: 100 }));
      mappings.push(...(page.ResourceTagMappingList ?? []));
      token = page.PaginationToken || undefined;
    } while (token);
  } catch (err) {
    throw sweepError(err, region);
  }

  const stacks = new Map<string, StackState>();
  const expiredStacks = new Set<string>();
  const candidates: Array<Omit<SweepItem, 'action' | 'message'> & { id: string }> = [];
  let inUse = 0;
  for (const m of mappings) {
    const arn = m.ResourceARN;
    if (!arn) continue;
    const tags = new Map((m.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    const student = tags.get(TAG_KEYS.student);
    const drill = tags.get(TAG_KEYS.drill);
    const stack = tags.get('aws:cloudformation:stack-id') ?? tags.get('aws:cloudformation:stack-name') ?? (student && drill ? labStackName({ student, drillId: drill }) : undefined);
    const stackName = tags.get('aws:cloudformation:stack-name') ?? (student && drill ? labStackName({ student, drillId: drill }) : stack);
    const expires = Date.parse(tags.get(TAG_KEYS.expiresAt) ?? '');
    const expired = Number.isFinite(expires) && expires <= now;
    const state = stack ? await stackState(session, stack, stacks, region) : { exists: false };
    const { kind, id } = parseArn(arn);
    if (!state.exists) {
      candidates.push({ arn, kind, id, student, drill, stack: stackName, reason: 'stack-gone' });
    } else if (expired) {
      expiredStacks.add(stackName!);
      candidates.push({ arn, kind, id, student, drill, stack: stackName, reason: 'expired' });
    } else inUse++;
  }

  const stackResults: Array<SweepResult['stacks'][number]> = [];
  for (const name of [...expiredStacks].sort()) {
    if (opts.dryRun) {
      stackResults.push({ name, action: 'would delete' });
      continue;
    }
    try {
      await session.client(CloudFormationClient).send(new DeleteStackCommand({ StackName: name }));
      stackResults.push({ name, action: 'deleted' });
    } catch (err) {
      stackResults.push({ name, action: 'failed', message: itemError(err) });
    }
  }
  const failedStacks = new Set(stackResults.filter((s) => s.action === 'failed').map((s) => s.name));

  const ordered = [...candidates].sort((a, b) => (ORDER[a.kind] ?? 100) - (ORDER[b.kind] ?? 100) || a.arn.localeCompare(b.arn));
  const items: SweepItem[] = [];
  for (const c of ordered) {
    const { id, ...item } = c;
    if (c.reason === 'expired') {
      const failed = failedStacks.has(c.stack!);
      items.push({ ...item, action: opts.dryRun ? 'would delete with its stack' : failed ? 'failed' : 'deleted with its stack', ...(failed ? { message: 'its stack could not be deleted' } : {}) });
      continue;
    }
    const deleter = DELETERS[c.kind];
    if (!deleter) {
      items.push({ ...item, action: 'delete by hand', message: `the sweep cannot delete ${c.kind} resources` });
      continue;
    }
    if (opts.dryRun) {
      items.push({ ...item, action: 'would delete' });
      continue;
    }
    try {
      const gone = await deleter(session, id, c.arn);
      items.push({ ...item, action: gone ?? 'deleted' });
    } catch (err) {
      if (NOT_FOUND.test(errName(err)) || (NOT_FOUND.test(firstLine(err)) && !DENIED.test(errName(err)))) items.push({ ...item, action: 'already gone' });
      else if (errName(err) === 'CredentialsProviderError') throw sweepError(err, region);
      else items.push({ ...item, action: 'failed', message: itemError(err) });
    }
  }
  return { region, dryRun: !!opts.dryRun, student: opts.student, stacks: stackResults, items, inUse };
}

/** One resource's deletion failed: why, in a few words. */
function itemError(err: unknown): string {
  const name = errName(err);
  const call = taggedCall(err);
  if (DENIED.test(name)) return `access denied${call ? ` on ${call}` : ''}`;
  if (THROTTLED.test(name)) return `throttled${call ? ` on ${call}` : ''}: sweep again later`;
  if (/DependencyViolation|InvalidDBInstanceState|ResourceInUse|BucketNotEmpty/.test(name)) return `${name}: still in use (a dependency is being deleted); sweep again in a few minutes`;
  return `${name ? `${name}: ` : ''}${firstLine(err)}`;
}

/** True when everything found was deleted (or only listed, in a dry run). */
export function sweepClean(r: SweepResult): boolean {
  return r.items.every((i) => i.action !== 'failed' && i.action !== 'delete by hand') && r.stacks.every((s) => s.action !== 'failed');
}

export function renderSweep(r: SweepResult): string {
  const out: string[] = [];
  const who = r.student ? ` of ${r.student}` : '';
  out.push(`awswo sweep${who} in ${r.region}${r.dryRun ? ' (dry run: nothing deleted)' : ''}`);
  for (const s of r.stacks) out.push(`  ${s.action.toUpperCase().padEnd(16)} stack ${s.name} (expired)${s.message ? `: ${s.message}` : ''}`);
  for (const i of r.items) {
    const why = i.reason === 'stack-gone' ? `stack ${i.stack ?? '(none)'} is gone` : `expired (stack ${i.stack})`;
    out.push(`  ${i.action.toUpperCase().padEnd(16)} ${i.kind.padEnd(22)} ${i.arn}  [${why}]${i.message ? `: ${i.message}` : ''}`);
  }
  if (r.items.length === 0 && r.stacks.length === 0) out.push('  nothing to sweep');
  const count = (a: SweepAction) => r.items.filter((i) => i.action === a).length;
  out.push(`${r.items.length} leftover(s): ${count('deleted') + count('deleted with its stack')} deleted, ${count('would delete') + count('would delete with its stack')} to delete, ${count('delete by hand')} by hand, ${count('failed')} failed, ${count('already gone')} already gone; ${r.inUse} tagged resource(s) in use left alone`);
  return out.join('\n') + '\n';
}
