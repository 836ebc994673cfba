/**
 * `awswo sweep` against recorded-shape responses (student alice, eu-west-1). Every client is
 * mocked; AWS_ENDPOINT_URL points at a closed port as a tripwire, so nothing reaches AWS.
 */
import { CloudFormationClient, CloudFormationServiceException, DeleteStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DeleteFlowLogsCommand, DeleteInternetGatewayCommand, DeleteNatGatewayCommand, DeleteNetworkInterfaceCommand, DeleteRouteTableCommand,
  DeleteSecurityGroupCommand, DeleteSubnetCommand, DeleteVolumeCommand, DeleteVpcCommand, DescribeFlowLogsCommand, DescribeInstancesCommand,
  DescribeInternetGatewaysCommand, DescribeNatGatewaysCommand, DescribeNetworkInterfacesCommand, DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DetachInternetGatewayCommand, DisassociateRouteTableCommand, EC2Client,
  EC2ServiceException, ReleaseAddressCommand, RevokeSecurityGroupIngressCommand, TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { DeleteDBSnapshotCommand, RDSClient } from '@aws-sdk/client-rds';
import { DeleteLogGroupCommand, CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, ResourceGroupsTaggingAPIServiceException } from '@aws-sdk/client-resource-groups-tagging-api';
import { DeleteBucketCommand, DeleteObjectsCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { CredentialsProviderError } from '@smithy/core/config';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../../lib/cli/main';
import { parseArn } from '../../../lib/cost/sweep';
import { ACCOUNT, fakeAwsEnv, REGION } from '../live/fixtures';
import { catalog } from '../../../drills/registry';

const NOW = Date.now();
const PAST = new Date(NOW - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const FUTURE = new Date(NOW + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const meta = (attempts = 1) => ({ httpStatusCode: 400, requestId: '7c6b5a49-3827-4165-9f8e-7d6c5b4a3928', attempts, totalRetryDelay: 0 });

const GONE_STACK = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/awswo-alice-cost-traps/1f2e3d4c-5b6a-11ef-8a9b-0a1b2c3d4e5f`;
const LIVE_STACK = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/awswo-alice-runaway-spend/2a3b4c5d-6e7f-11ef-9b8a-0f1e2d3c4b5a`;
const tags = (drill: string, expires: string, stackId?: string) => [
  { Key: 'awswo:drill', Value: drill }, { Key: 'awswo:module', Value: '06' }, { Key: 'awswo:student', Value: 'alice' }, { Key: 'awswo:expires-at', Value: expires },
  ...(stackId ? [{ Key: 'aws:cloudformation:stack-id', Value: stackId }, { Key: 'aws:cloudformation:stack-name', Value: stackId.split('/')[1] }, { Key: 'aws:cloudformation:logical-id', Value: 'X' }] : []),
];
const VOLUME = `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-0a1b2c3d4e5f60718`;
const EIP = `arn:aws:ec2:${REGION}:${ACCOUNT}:elastic-ip/eipalloc-0123456789abcdef0`;
const BUCKET = 'arn:aws:s3:::awswo-alice-cost-traps-artifactsbucket2aac5544-x1y2z3';
const SCHEDULE = `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/default/awswo-alice-cost-traps-AwswoGuardrailsExpirySchedule-AbC123`;
const LIVE_LOGS = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:awswo-alice-runaway-spend-ThumbnailLogs-Zz9Yy8`;
const FRESH_LOGS = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:awswo-alice-runaway-spend-Other-Qq1`;

const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const cfn = mockClient(CloudFormationClient);
const ec2 = mockClient(EC2Client);
const s3 = mockClient(S3Client);
const logs = mockClient(CloudWatchLogsClient);
const rds = mockClient(RDSClient);

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) }, catalog);
  return { code, out, err };
}

/** A cost-traps stack deleted by hand (DELETE_COMPLETE, but its volume, address and bucket were retained), and an expired runaway-spend stack. */
function recorded() {
  tagging.on(GetResourcesCommand).callsFake((input) => (input.PaginationToken
    ? { ResourceTagMappingList: [{ ResourceARN: LIVE_LOGS, Tags: tags('runaway-spend', PAST, LIVE_STACK) }], PaginationToken: '' }
    : {
      ResourceTagMappingList: [
        { ResourceARN: BUCKET, Tags: tags('cost-traps', FUTURE, GONE_STACK) },
        { ResourceARN: VOLUME, Tags: tags('cost-traps', FUTURE, GONE_STACK) },
        { ResourceARN: EIP, Tags: tags('cost-traps', FUTURE, GONE_STACK) },
      ],
      PaginationToken: 'eyJ0b2tlbiI6IjIifQ==',
    }));
  cfn.on(DescribeStacksCommand, { StackName: GONE_STACK }).resolves({ Stacks: [{ StackName: 'awswo-alice-cost-traps', StackId: GONE_STACK, StackStatus: 'DELETE_COMPLETE', CreationTime: new Date('2025-06-02T08:00:00Z'), DeletionTime: new Date('2025-06-02T16:00:00Z') }] });
  cfn.on(DescribeStacksCommand, { StackName: LIVE_STACK }).resolves({ Stacks: [{ StackName: 'awswo-alice-runaway-spend', StackId: LIVE_STACK, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date('2025-06-02T08:00:00Z') }] });
  cfn.on(DeleteStackCommand).resolves({});
  ec2.on(DeleteVolumeCommand).resolves({});
  ec2.on(ReleaseAddressCommand).resolves({});
  s3.on(ListObjectVersionsCommand).resolves({ Versions: [{ Key: 'build/1.zip', VersionId: 'null' }], DeleteMarkers: [], IsTruncated: false });
  s3.on(DeleteObjectsCommand).resolves({ Deleted: [{ Key: 'build/1.zip' }] });
  s3.on(DeleteBucketCommand).resolves({});
}

beforeEach(() => {
  fakeAwsEnv();
  for (const m of [tagging, cfn, ec2, s3, logs, rds]) m.reset();
});

describe('parseArn', () => {
  test.each([
    [VOLUME, 'ec2:volume', 'vol-0a1b2c3d4e5f60718'],
    [BUCKET, 's3:bucket', 'awswo-alice-cost-traps-artifactsbucket2aac5544-x1y2z3'],
    [LIVE_LOGS, 'logs:log-group', 'awswo-alice-runaway-spend-ThumbnailLogs-Zz9Yy8'],
    [`arn:aws:rds:${REGION}:${ACCOUNT}:db:awswo-alice-orders`, 'rds:db', 'awswo-alice-orders'],
    [`arn:aws:lambda:${REGION}:${ACCOUNT}:function:awswo-thumbs`, 'lambda:function', 'awswo-thumbs'],
    [SCHEDULE, 'scheduler:schedule', 'default/awswo-alice-cost-traps-AwswoGuardrailsExpirySchedule-AbC123'],
  ])('%s', (arn, kind, id) => expect(parseArn(arn)).toMatchObject({ kind, id }));
});

describe('awswo sweep', () => {
  test('deletes what a gone stack left behind, deletes an expired stack, in dependency order', async () => {
    recorded();
    const r = await run('sweep', '--student', 'alice', '--format', 'json');
    expect(r).toMatchObject({ code: 0, err: '' });
    const result = JSON.parse(r.out);
    expect(result.stacks).toEqual([{ name: 'awswo-alice-runaway-spend', action: 'deleted' }]);
    expect(result.items.map((i: any) => [i.kind, i.action, i.reason])).toEqual([
      ['ec2:elastic-ip', 'deleted', 'stack-gone'],
      ['ec2:volume', 'deleted', 'stack-gone'],
      ['logs:log-group', 'deleted with its stack', 'expired'],
      ['s3:bucket', 'deleted', 'stack-gone'],
    ]);
    expect(tagging.commandCalls(GetResourcesCommand)[0].args[0].input.TagFilters).toEqual([{ Key: 'awswo:student', Values: ['alice'] }]);
    expect(ec2.commandCalls(DeleteVolumeCommand)[0].args[0].input).toEqual({ VolumeId: 'vol-0a1b2c3d4e5f60718' });
    expect(ec2.commandCalls(ReleaseAddressCommand)[0].args[0].input).toEqual({ AllocationId: 'eipalloc-0123456789abcdef0' });
    expect(s3.commandCalls(DeleteObjectsCommand)[0].args[0].input.Delete?.Objects).toEqual([{ Key: 'build/1.zip', VersionId: 'null' }]);
    expect(cfn.commandCalls(DeleteStackCommand)[0].args[0].input).toEqual({ StackName: 'awswo-alice-runaway-spend' });
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(2);
    expect(logs.commandCalls(DeleteLogGroupCommand)).toHaveLength(0);
  });

  test('--dry-run lists the same leftovers and deletes nothing', async () => {
    recorded();
    const r = await run('sweep', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain('(dry run: nothing deleted)');
    expect(r.out).toMatch(/WOULD DELETE\s+ec2:volume\s+arn:aws:ec2:eu-west-1:123456789012:volume\/vol-0a1b2c3d4e5f60718 {2}\[stack awswo-alice-cost-traps is gone\]/);
    expect(r.out).toMatch(/WOULD DELETE\s+stack awswo-alice-runaway-spend \(expired\)/);
    expect(r.out).toContain('4 leftover(s): 0 deleted, 4 to delete, 0 by hand, 0 failed, 0 already gone');
    expect(tagging.commandCalls(GetResourcesCommand)[0].args[0].input.TagFilters).toEqual([{ Key: 'awswo:drill' }]);
    expect(ec2.calls()).toHaveLength(0);
    expect(s3.calls()).toHaveLength(0);
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  test('a stack that does not exist (lost CloudFormation state), a resource already gone, one to delete by hand, one in use', async () => {
    tagging.on(GetResourcesCommand).resolves({
      ResourceTagMappingList: [
        { ResourceARN: VOLUME, Tags: tags('cost-traps', FUTURE) },
        { ResourceARN: SCHEDULE, Tags: tags('cost-traps', FUTURE) },
        { ResourceARN: FRESH_LOGS, Tags: tags('runaway-spend', FUTURE, LIVE_STACK) },
      ],
    });
    cfn.on(DescribeStacksCommand, { StackName: 'awswo-alice-cost-traps' }).rejects(new CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', message: 'Stack with id awswo-alice-cost-traps does not exist', $metadata: meta() }));
    cfn.on(DescribeStacksCommand, { StackName: LIVE_STACK }).resolves({ Stacks: [{ StackName: 'awswo-alice-runaway-spend', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }] });
    ec2.on(DeleteVolumeCommand).rejects(new EC2ServiceException({ name: 'InvalidVolume.NotFound', $fault: 'client', message: "The volume 'vol-0a1b2c3d4e5f60718' does not exist.", $metadata: meta() }));
    const r = await run('sweep', '--region', REGION);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/ALREADY GONE\s+ec2:volume/);
    expect(r.out).toMatch(/DELETE BY HAND\s+scheduler:schedule .*: the sweep cannot delete scheduler:schedule resources/);
    expect(r.out).toContain('1 tagged resource(s) in use left alone');
    expect(logs.calls()).toHaveLength(0);
  });

  describe('what CloudFormation (or an emulator) could not delete', () => {
    const VPC = `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0a1b2c3d4e5f60718`;
    const FLOW_LOG = `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-flow-log/fl-0123456789abcdef0`;
    const INSTANCE = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`;
    const SNAPSHOT = `arn:aws:rds:${REGION}:${ACCOUNT}:snapshot:awswo-alice-stateful-protection-snapshot-ordersdb-1a2b3c`;
    const inVpc = { Filters: [{ Name: 'vpc-id', Values: ['vpc-0a1b2c3d4e5f60718'] }] };

    function leftVpc() {
      tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [VPC, FLOW_LOG, INSTANCE, SNAPSHOT].map((ResourceARN) => ({ ResourceARN, Tags: tags('stateful-protection', FUTURE, GONE_STACK) })) });
      cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'awswo-alice-cost-traps', StackId: GONE_STACK, StackStatus: 'DELETE_COMPLETE', CreationTime: new Date() }] });
      ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-0123456789abcdef0', State: { Name: 'terminated', Code: 48 } }] }] });
      ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [{ FlowLogId: 'fl-0fedcba9876543210', ResourceId: 'vpc-0a1b2c3d4e5f60718' }] });
      ec2.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [{ NatGatewayId: 'nat-0a1b2c3d4e5f60718', State: 'available' }, { NatGatewayId: 'nat-0b1b2c3d4e5f60718', State: 'deleted' }] });
      ec2.on(DescribeInternetGatewaysCommand).resolves({ InternetGateways: [{ InternetGatewayId: 'igw-0a1b2c3d4e5f60718', Attachments: [{ VpcId: 'vpc-0a1b2c3d4e5f60718', State: 'attached' }] }] });
      ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [{ NetworkInterfaceId: 'eni-0a1b2c3d4e5f60718', Status: 'available' }] });
      ec2.on(DescribeRouteTablesCommand).resolves({
        RouteTables: [
          { RouteTableId: 'rtb-0main', Associations: [{ Main: true, RouteTableAssociationId: 'rtbassoc-0main' }] },
          { RouteTableId: 'rtb-0a1b2c3d4e5f60718', Associations: [{ Main: false, RouteTableAssociationId: 'rtbassoc-0a1b2c3d4e5f6', SubnetId: 'subnet-0a1b2c3d4e5f60718' }] },
        ],
      });
      ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-0a1b2c3d4e5f60718' }] });
      ec2.on(DescribeSecurityGroupsCommand).resolves({
        SecurityGroups: [
          { GroupId: 'sg-0default', GroupName: 'default' },
          { GroupId: 'sg-0a1b2c3d4e5f60718', GroupName: 'db', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5433, ToPort: 5433, UserIdGroupPairs: [{ GroupId: 'sg-0b1b2c3d4e5f60718' }] }] },
        ],
      });
      for (const C of [DeleteFlowLogsCommand, DeleteNatGatewayCommand, DetachInternetGatewayCommand, DeleteInternetGatewayCommand, DeleteNetworkInterfaceCommand, DisassociateRouteTableCommand, DeleteSubnetCommand, DeleteRouteTableCommand, RevokeSecurityGroupIngressCommand, DeleteSecurityGroupCommand, DeleteVpcCommand]) ec2.on(C as never).resolves({});
      rds.on(DeleteDBSnapshotCommand).resolves({});
    }

    test('a lab VPC goes with what is still inside it; flow logs and the final snapshot go; a terminated instance is already gone', async () => {
      leftVpc();
      const r = await run('sweep', '--student', 'alice', '--format', 'json');
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(JSON.parse(r.out).items.map((i: any) => [i.kind, i.action])).toEqual([
        ['ec2:instance', 'already gone'], ['rds:snapshot', 'deleted'], ['ec2:vpc-flow-log', 'deleted'], ['ec2:vpc', 'deleted'],
      ]);
      expect(ec2.commandCalls(TerminateInstancesCommand)).toHaveLength(0);
      expect(rds.commandCalls(DeleteDBSnapshotCommand)[0].args[0].input).toEqual({ DBSnapshotIdentifier: 'awswo-alice-stateful-protection-snapshot-ordersdb-1a2b3c' });
      const ids = (C: unknown) => ec2.commandCalls(C as never).map((c) => c.args[0].input);
      expect(ids(DeleteFlowLogsCommand)).toEqual([{ FlowLogIds: ['fl-0123456789abcdef0'] }, { FlowLogIds: ['fl-0fedcba9876543210'] }]);
      expect(ids(DeleteNatGatewayCommand)).toEqual([{ NatGatewayId: 'nat-0a1b2c3d4e5f60718' }]);
      expect(ids(DetachInternetGatewayCommand)).toEqual([{ InternetGatewayId: 'igw-0a1b2c3d4e5f60718', VpcId: 'vpc-0a1b2c3d4e5f60718' }]);
      expect(ids(DeleteNetworkInterfaceCommand)).toEqual([{ NetworkInterfaceId: 'eni-0a1b2c3d4e5f60718' }]);
      expect(ids(DisassociateRouteTableCommand)).toEqual([{ AssociationId: 'rtbassoc-0a1b2c3d4e5f6' }]);
      expect(ids(DeleteRouteTableCommand)).toEqual([{ RouteTableId: 'rtb-0a1b2c3d4e5f60718' }]);
      expect(ids(DeleteSubnetCommand)).toEqual([{ SubnetId: 'subnet-0a1b2c3d4e5f60718' }]);
      expect(ids(DeleteSecurityGroupCommand)).toEqual([{ GroupId: 'sg-0a1b2c3d4e5f60718' }]);
      expect(ids(DeleteVpcCommand)).toEqual([{ VpcId: 'vpc-0a1b2c3d4e5f60718' }]);
      expect(ec2.commandCalls(DescribeSubnetsCommand)[0].args[0].input).toEqual(inVpc);
      // Dependencies first, the VPC last.
      const order = ec2.calls().map((c) => (c.args[0] as { constructor: { name: string } }).constructor.name).filter((n) => n.startsWith('Delete') || n.startsWith('Detach') || n.startsWith('Disassociate'));
      expect(order[order.length - 1]).toBe('DeleteVpcCommand');
      expect(order.indexOf('DeleteSubnetCommand')).toBeGreaterThan(order.indexOf('DisassociateRouteTableCommand'));
      expect(order.indexOf('DeleteRouteTableCommand')).toBeGreaterThan(order.indexOf('DeleteSubnetCommand'));
    });

    test('a VPC whose NAT gateway is still being deleted is a failure to sweep again, not a pass', async () => {
      leftVpc();
      ec2.on(DeleteSubnetCommand).rejects(new EC2ServiceException({ name: 'DependencyViolation', $fault: 'client', message: "The subnet 'subnet-0a1b2c3d4e5f60718' has dependencies and cannot be deleted.", $metadata: meta() }));
      const r = await run('sweep', '--student', 'alice');
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/FAILED\s+ec2:vpc .*DependencyViolation: still in use \(a dependency is being deleted\); sweep again in a few minutes/);
      expect(ec2.commandCalls(DeleteVpcCommand)).toHaveLength(0);
    });
  });

  test('access denied: listing is exit 2 in one line; a denied delete is reported and exit 1', async () => {
    tagging.on(GetResourcesCommand).rejects(new ResourceGroupsTaggingAPIServiceException({ name: 'AccessDeniedException', $fault: 'client', message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/instructor/ci is not authorized to perform: tag:GetResources`, $metadata: meta() }));
    const listing = await run('sweep');
    expect(listing.code).toBe(2);
    expect(listing.out).toBe('');
    expect(listing.err).toMatch(/^awswo sweep: access denied \(tag:GetResources\) in eu-west-1: the sweep needs tag:GetResources and cloudformation:DescribeStacks .*\n$/);

    tagging.reset();
    recorded();
    ec2.on(DeleteVolumeCommand).rejects(new EC2ServiceException({ name: 'UnauthorizedOperation', $fault: 'client', message: 'You are not authorized to perform this operation.', $metadata: meta() }));
    const deleting = await run('sweep', '--format', 'json');
    expect(deleting.code).toBe(1);
    const vol = JSON.parse(deleting.out).items.find((i: any) => i.kind === 'ec2:volume');
    expect(vol).toMatchObject({ action: 'failed', message: 'access denied on ec2:DeleteVolume' });
  });

  test('throttling: the listing gives up in one line, exit 2; a throttled delete is a failure to retry', async () => {
    tagging.on(GetResourcesCommand).rejects(new ResourceGroupsTaggingAPIServiceException({ name: 'ThrottlingException', $fault: 'client', message: 'Rate exceeded', $metadata: meta(5) }));
    const r = await run('sweep');
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err).toBe('awswo sweep: AWS kept throttling tag:GetResources in eu-west-1 (ThrottlingException): wait a minute and sweep again\n');

    tagging.reset();
    recorded();
    s3.on(ListObjectVersionsCommand).rejects(Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown', $fault: 'client', $metadata: meta(5) }));
    const d = await run('sweep', '--format', 'json');
    expect(d.code).toBe(1);
    expect(JSON.parse(d.out).items.find((i: any) => i.kind === 's3:bucket')).toMatchObject({ action: 'failed', message: 'throttled on s3:ListObjectVersions: sweep again later' });
  });

  test('no credentials: one clear line, exit 2, never a pass', async () => {
    tagging.on(GetResourcesCommand).rejects(new CredentialsProviderError('Could not load credentials from any providers', { tryNextLink: false }));
    expect(await run('sweep', '--dry-run')).toEqual({
      code: 2,
      out: '',
      err: 'awswo sweep: no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (sweep uses the standard AWS SDK credential chain)\n',
    });
  });

  test('argument errors', async () => {
    expect(await run('sweep', '--student', 'Bad Name')).toMatchObject({ code: 2, err: expect.stringContaining('--student: student name "Bad Name" is invalid') });
    expect(await run('sweep', 'extra')).toMatchObject({ code: 2, err: expect.stringContaining('extra') });
    expect(await run('sweep', '--format', 'xml')).toMatchObject({ code: 2, err: expect.stringContaining('--format must be one of text, json') });
    expect(tagging.calls()).toHaveLength(0);
  });
});
