import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import { LabVpc, labEdgeSubnets, staticWebSite, WebTier, WebTierProps } from '../../../lib/lab';
import { acknowledgementsOn } from './acknowledgements';

const SITE = { index: '<h1>shop</h1>', health: 'ok' };

function build(props: Partial<WebTierProps> = {}) {
  const stack = new Stack(new App(), 'S');
  const vpc = new LabVpc(stack, 'Vpc', { subnetConfiguration: labEdgeSubnets('web') });
  const web = new WebTier(stack, { vpc, name: 'Shop', site: SITE, healthCheck: { path: '/health' }, ...props });
  return { stack, web, t: Template.fromStack(stack) };
}
const ids = (t: Template, type: string) => Object.keys(t.findResources(type));
const only = (t: Template, type: string) => {
  const all = Object.values(t.findResources(type));
  expect(all).toHaveLength(1);
  return all[0];
};

describe('WebTier', () => {
  test('one web server behind an internet-facing load balancer, under the ids the labs always had', () => {
    const { t, stack } = build();
    expect(ids(t, 'AWS::EC2::Instance')).toEqual([expect.stringMatching(/^WebServer[0-9A-F]{8}$/)]);
    expect(ids(t, 'AWS::ElasticLoadBalancingV2::LoadBalancer')).toEqual([expect.stringMatching(/^WebAlb[0-9A-F]{8}$/)]);
    expect(ids(t, 'AWS::ElasticLoadBalancingV2::TargetGroup')).toEqual([expect.stringMatching(/^WebTargets[0-9A-F]{8}$/)]);
    expect(ids(t, 'AWS::ElasticLoadBalancingV2::Listener')).toEqual([expect.stringMatching(/^WebAlbHttp[0-9A-F]{8}$/)]);
    expect(ids(t, 'AWS::EC2::SecurityGroup').sort()).toEqual([expect.stringMatching(/^AlbSecurityGroup/), expect.stringMatching(/^WebSecurityGroup/)]);
    // Not a construct of its own: the parts are the scope's children.
    expect(stack.node.children.map((c) => c.node.id)).toEqual(expect.arrayContaining(['AlbSecurityGroup', 'WebSecurityGroup', 'WebServer', 'WebAlb', 'WebTargets']));
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
  });

  test('without an allowed CIDR nothing is admitted from outside; with one, only it, on port 80', () => {
    const closed = build().t;
    for (const sg of Object.values(closed.findResources('AWS::EC2::SecurityGroup'))) expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    const open = build({ allowedCidr: '203.0.113.0/24' }).t;
    open.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Shop load balancer: HTTP from the allowed CIDR only',
      SecurityGroupIngress: [{ CidrIp: '203.0.113.0/24', FromPort: 80, ToPort: 80, IpProtocol: 'tcp', Description: 'HTTP from the allowed CIDR' }],
    });
  });

  test('the web server admits HTTP from the load balancer only, and the load balancer may reach only it', () => {
    const { t } = build();
    const ingress = only(t, 'AWS::EC2::SecurityGroupIngress');
    expect(ingress.Properties).toMatchObject({ FromPort: 80, ToPort: 80, IpProtocol: 'tcp' });
    expect(JSON.stringify(ingress.Properties.SourceSecurityGroupId)).toContain('AlbSecurityGroup');
    expect(JSON.stringify(ingress.Properties.GroupId)).toContain('WebSecurityGroup');
    const egress = only(t, 'AWS::EC2::SecurityGroupEgress');
    expect(egress.Properties).toMatchObject({ FromPort: 80, ToPort: 80 });
    expect(JSON.stringify(egress.Properties.DestinationSecurityGroupId)).toContain('WebSecurityGroup');
    t.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupDescription: 'Shop web server: HTTP from the load balancer only' });
  });

  test('the server: IMDSv2, an encrypted gp3 root, in an isolated subnet; the probe and the drain are what lab.ts says', () => {
    const { t } = build({ healthCheck: { path: '/health', interval: Duration.seconds(15) }, deregistrationDelay: Duration.seconds(30) });
    const instance = only(t, 'AWS::EC2::Instance');
    expect(instance.Properties).toMatchObject({ InstanceType: 't3.micro', Monitoring: true, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: 8 } }] });
    expect(JSON.stringify(instance.Properties.SubnetId)).toContain('webSubnet');
    t.resourceCountIs('AWS::EC2::LaunchTemplate', 1); // CDK's way of requiring IMDSv2 on an instance
    t.hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' } } });
    const group = only(t, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    expect(group.Properties).toMatchObject({ Port: 80, Protocol: 'HTTP', TargetType: 'instance', HealthCheckPath: '/health', HealthCheckIntervalSeconds: 15 });
    expect(group.Properties.TargetGroupAttributes).toEqual(expect.arrayContaining([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]));
  });

  test('healthCheck: {} (a trap written in lab.ts) leaves the probe at CDK\'s default, "/"', () => {
    const { t } = build({ healthCheck: {} });
    expect(only(t, 'AWS::ElasticLoadBalancingV2::TargetGroup').Properties.HealthCheckPath).toBeUndefined();
  });

  test('with fleet: an Auto Scaling group from a launch template, its settings from lab.ts, the rules from the target group', () => {
    const { t, web } = build({ fleet: { minCapacity: 2, maxCapacity: 3, healthChecks: autoscaling.HealthChecks.ec2({ gracePeriod: Duration.seconds(0) }) } });
    expect(ids(t, 'AWS::AutoScaling::AutoScalingGroup')).toEqual([expect.stringMatching(/^WebFleet/)]);
    expect(ids(t, 'AWS::EC2::LaunchTemplate')).toEqual([expect.stringMatching(/^WebLaunchTemplate/)]);
    t.resourceCountIs('AWS::EC2::Instance', 0);
    expect(only(t, 'AWS::AutoScaling::AutoScalingGroup').Properties).toMatchObject({ MinSize: '2', MaxSize: '3', HealthCheckType: 'EC2', HealthCheckGracePeriod: 0 });
    expect(JSON.stringify(only(t, 'AWS::AutoScaling::AutoScalingGroup').Properties.TargetGroupARNs)).toContain('WebTargets');
    const ingress = only(t, 'AWS::EC2::SecurityGroupIngress');
    expect(ingress.Properties).toMatchObject({ FromPort: 80, ToPort: 80 });
    expect(JSON.stringify(ingress.Properties.SourceSecurityGroupId)).toContain('AlbSecurityGroup');
    t.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupDescription: 'Shop servers: HTTP from the load balancer only' });
    expect([web.instance, web.fleet !== undefined, web.launchTemplate !== undefined]).toEqual([undefined, true, true]);
  });

  test('acknowledges its lab-only findings as LAB:, on the part they concern', () => {
    const single = build().web;
    expect(Object.keys(acknowledgementsOn(single.alb))).toEqual(['AwsSolutions-ELB2']);
    expect(Object.keys(acknowledgementsOn(single.instance!))).toEqual(['AwsSolutions-EC29']);
    const fleet = build({ fleet: { minCapacity: 1, maxCapacity: 1 } }).web;
    expect(Object.keys(acknowledgementsOn(fleet.fleet!))).toEqual(['AwsSolutions-AS3']);
    for (const part of [single.alb, single.instance!, fleet.fleet!]) for (const reason of Object.values(acknowledgementsOn(part))) expect(reason).toMatch(/^LAB: /);
  });
});

describe('staticWebSite', () => {
  test('serves the page and /health with python3 from the AMI', () => {
    const script = staticWebSite({ index: '<h1>shop</h1>', health: 'ok v2' }).render();
    expect(script).toContain("echo '<h1>shop</h1>' > /srv/www/index.html");
    expect(script).toContain("echo 'ok v2' > /srv/www/health");
    expect(script).toContain('ExecStart=/usr/bin/python3 -m http.server 80 --directory /srv/www');
  });

  test('refuses text that would break out of the shell quoting', () => {
    expect(() => staticWebSite({ index: "it's", health: 'ok' })).toThrow(/single quotes/);
    expect(() => staticWebSite({ index: 'a', health: 'ok\nrm -rf /' })).toThrow(/one line/);
  });
});
