import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CreateTagsCommand, DescribeSecurityGroupsCommand, EC2Client, RevokeSecurityGroupIngressCommand, SecurityGroup } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import drill from '../../../drills/05-incident/live-incident/drill';
import { GradeInputError } from '../../../lib/grading/errors';
import { readBaseline } from '../../../lib/grading/baseline';
import { findResource } from '../../../lib/template/read';
import { EXIT, UsageError } from '../../../lib/cli/command';
import { injectCommand } from '../../../lib/cli/commands/inject';
import { main } from '../../../lib/cli/main';
import { catalog } from '../../../drills/registry';

process.env.AWS_REGION = 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID = 'AKIAFAKEFAKEFAKEFAKE';
process.env.AWS_SECRET_ACCESS_KEY = 'fake-secret-for-tests-only';
delete process.env.AWS_PROFILE;
delete process.env.AWS_ENDPOINT_URL;

const cfn = mockClient(CloudFormationClient);
const ec2 = mockClient(EC2Client);
beforeEach(() => {
  cfn.reset();
  ec2.reset();
});

const STACK = 'awswo-alice-live-incident';
const ACCOUNT = '111122223333';
const WEB_SG = 'sg-0a1b2c3d4e5f60001';
const ALB_SG = 'sg-0a1b2c3d4e5f60002';
const NOW = new Date('2025-06-03T10:09:12.345Z');
const baseline = readBaseline(drill);
const logicalId = (id: string) => findResource(baseline, id)!.logicalId;

function stackDeployed() {
  cfn.on(DescribeStacksCommand).resolves({
    Stacks: [{ StackName: STACK, StackId: `arn:aws:cloudformation:eu-west-1:${ACCOUNT}:stack/${STACK}/0f1e2d3c-aaaa-bbbb-cccc-000011112222`, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date('2025-06-03T08:00:00Z') }],
  });
  cfn.on(ListStackResourcesCommand).resolves({
    StackResourceSummaries: [
      { LogicalResourceId: logicalId('WebSecurityGroup'), PhysicalResourceId: WEB_SG, ResourceType: 'AWS::EC2::SecurityGroup', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
      { LogicalResourceId: logicalId('AlbSecurityGroup'), PhysicalResourceId: ALB_SG, ResourceType: 'AWS::EC2::SecurityGroup', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
    ],
  });
}

const webGroup = (p: Partial<SecurityGroup> = {}): SecurityGroup => ({
  GroupId: WEB_SG,
  GroupName: `${STACK}-WebSecurityGroup73AF7387-1A2B3C4D5E6F`,
  OwnerId: ACCOUNT,
  VpcId: 'vpc-0a1b2c3d4e5f67890',
  IpPermissions: [{
    IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [],
    UserIdGroupPairs: [{ GroupId: ALB_SG, UserId: ACCOUNT, Description: 'HTTP from the load balancer' }],
  }],
  Tags: [{ Key: 'awswo:student', Value: 'alice' }],
  ...p,
});

/** Runs the command as main() would: usage and input errors become one line and exit 2. */
async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
  let code: number;
  try {
    code = await injectCommand({ now: () => NOW, session: { maxAttempts: 1 } }).run(argv, { ...io, catalog });
  } catch (e) {
    if (!(e instanceof UsageError || e instanceof GradeInputError)) throw e;
    err += `awswo inject: ${e.message}\n`;
    code = EXIT.error;
  }
  return { code, out, err };
}

describe('awswo inject: arguments', () => {
  test('--help through main', async () => {
    let out = '';
    expect(await main(['inject', '--help'], { out: (t) => (out += t), err: () => undefined }, catalog)).toBe(0);
    expect(out).toMatch(/^Usage: awswo inject <drill> --student NAME/);
    expect(out).toContain('Drills with an incident declare one');
  });
  test('awswo show names the incident of a drill that has one', async () => {
    let out = '';
    expect(await main(['show', 'live-incident'], { out: (t) => (out += t), err: () => undefined }, catalog)).toBe(0);
    expect(out).toContain('incident the instructor injects (awswo inject live-incident): revokes the tcp 80 rule');
  });
  test.each([
    [[], 'inject takes one drill id (got none)'],
    [['live-incident', 'silent-alarms', '--student', 'alice'], 'inject takes one drill id (got live-incident silent-alarms)'],
    [['nope', '--student', 'alice'], 'unknown drill "nope"'],
    [['silent-alarms', '--student', 'alice'], 'drill silent-alarms has no incident to inject (drills with one: live-incident)'],
    [['live-incident'], 'inject needs --student NAME'],
    [['live-incident', '--student', 'Alice!'], 'student name "Alice!" is invalid'],
    [['live-incident', '--student'], "Option '--student <value>' argument missing"],
  ])('%j is a usage error', async (argv, message) => {
    const r = await run(...argv);
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err).toContain(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(cfn.calls()).toHaveLength(0);
    expect(ec2.calls()).toHaveLength(0);
  });
});

describe('awswo inject live-incident', () => {
  test('--dry-run reads the stack and the group, prints the rule, changes nothing', async () => {
    stackDeployed();
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [webGroup()] });
    const r = await run('live-incident', '--student', 'alice', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`dry run: live-incident for alice (stack ${STACK}, eu-west-1)`);
    expect(r.out).toContain(`would revoke on WebSecurityGroup (${WEB_SG}): tcp 80-80 from AlbSecurityGroup (${ALB_SG})`);
    expect(r.out).toContain('nothing was changed (--dry-run)');
    expect(cfn.commandCalls(DescribeStacksCommand)[0].args[0].input).toEqual({ StackName: STACK });
    expect(ec2.commandCalls(DescribeSecurityGroupsCommand)[0].args[0].input).toEqual({ GroupIds: [WEB_SG] });
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand)).toHaveLength(0);
    expect(ec2.commandCalls(CreateTagsCommand)).toHaveLength(0);
  });

  test('revokes exactly the load balancer rule, then tags the group with the time', async () => {
    stackDeployed();
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [webGroup()] });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    ec2.on(CreateTagsCommand).resolves({});
    const r = await run('live-incident', '--student', 'alice', '--region', 'eu-west-1');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('incident injected at 2025-06-03T10:09:12Z');
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand)[0].args[0].input).toEqual({
      GroupId: WEB_SG,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, UserIdGroupPairs: [{ GroupId: ALB_SG, UserId: ACCOUNT }] }],
    });
    expect(ec2.commandCalls(CreateTagsCommand)[0].args[0].input).toEqual({
      Resources: [WEB_SG],
      Tags: [
        { Key: 'awswo:incident-injected-at', Value: '2025-06-03T10:09:12Z' },
        { Key: 'awswo:incident', Value: `revoked tcp 80-80 from AlbSecurityGroup (${ALB_SG}) on WebSecurityGroup` },
      ],
    });
  });

  test('nothing to inject when the rule is already gone', async () => {
    stackDeployed();
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [webGroup({ IpPermissions: [], Tags: [{ Key: 'awswo:incident-injected-at', Value: '2025-06-03T09:00:00Z' }] })] });
    const r = await run('live-incident', '--student', 'alice');
    expect(r.code).toBe(2);
    expect(r.err).toContain('has no rule admitting tcp 80 from AlbSecurityGroup');
    expect(r.err).toContain('already injected at 2025-06-03T09:00:00Z');
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand)).toHaveLength(0);
  });

  test('a missing stack is one line naming the region', async () => {
    cfn.on(DescribeStacksCommand).rejects(Object.assign(new Error(`Stack with id ${STACK} does not exist`), { name: 'ValidationError', $fault: 'client', $metadata: { httpStatusCode: 400 } }));
    const r = await run('live-incident', '--student', 'alice');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`awswo inject: stack ${STACK} not found in region eu-west-1 (from AWS_REGION): deploy the lab first, or pass --region with the region it was deployed to\n`);
  });

  test('access denied on the revoke names the action', async () => {
    stackDeployed();
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [webGroup()] });
    ec2.on(RevokeSecurityGroupIngressCommand).rejects(Object.assign(new Error('You are not authorized to perform this operation.'), { name: 'UnauthorizedOperation', $fault: 'client', $metadata: { httpStatusCode: 403 } }));
    const r = await run('live-incident', '--student', 'alice');
    expect(r.code).toBe(2);
    expect(r.err).toContain('access denied');
    expect(r.err).toContain('ec2:RevokeSecurityGroupIngress');
    expect(ec2.commandCalls(CreateTagsCommand)).toHaveLength(0);
  });

  test('throttling is reported, not retried forever', async () => {
    stackDeployed();
    ec2.on(DescribeSecurityGroupsCommand).rejects(Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded', $fault: 'client', $metadata: { httpStatusCode: 503, attempts: 1 } }));
    const r = await run('live-incident', '--student', 'alice');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/throttling .*RequestLimitExceeded/);
  });

  test('a failed tag after the revoke says the rule is already gone', async () => {
    stackDeployed();
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [webGroup()] });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    ec2.on(CreateTagsCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 } }));
    const r = await run('live-incident', '--student', 'alice');
    expect(r.code).toBe(2);
    expect(r.err).toContain('the rule was revoked at 2025-06-03T10:09:12Z, but tagging the injection time failed');
  });
});
