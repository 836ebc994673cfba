import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { estimateTemplate, HOURS_PER_MONTH, PRICES_AS_OF, REGIONS } from '../../../lib/cost';
import type { TemplateJson } from '../../../lib/model/template';

const at = (path: string) => ({ 'aws:cdk:path': `Lab/${path}` });
function t(resources: Record<string, { Type: string; Properties?: Record<string, unknown>; path?: string }>): TemplateJson {
  return {
    Resources: Object.fromEntries(Object.entries(resources).map(([id, r]) => [id, { Type: r.Type, Properties: r.Properties, Metadata: at(r.path ?? `${id}/Resource`) }])),
  };
}
const line = (e: ReturnType<typeof estimateTemplate>, id: string) => e.lines.find((l) => l.logicalId === id)!;
const month = (hourly: number) => hourly * HOURS_PER_MONTH;

describe('estimateTemplate', () => {
  test('the price table is dated and covers four regions; an unknown region is a clear error', () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(REGIONS).toEqual(['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1']);
    expect(() => estimateTemplate(t({}), 'ap-south-9')).toThrow('region "ap-south-9" is not in the price table (priced regions: us-east-1, us-west-2, eu-west-1, eu-central-1)');
  });

  test('NAT gateway, its Elastic IP, and an idle Elastic IP', () => {
    const e = estimateTemplate(t({
      Nat: { Type: 'AWS::EC2::NatGateway', Properties: { AllocationId: { 'Fn::GetAtt': ['NatIp', 'AllocationId'] }, SubnetId: 'subnet-1' } },
      NatIp: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
      Spare: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' }, path: 'Spare' },
    }), 'us-east-1');
    expect(line(e, 'Nat').monthly).toBeCloseTo(month(0.045) + 5 * 0.045, 6);
    expect(line(e, 'NatIp')).toMatchObject({ status: 'priced', detail: 'public IPv4 address' });
    expect(line(e, 'NatIp').monthly).toBeCloseTo(month(0.005), 6);
    expect(line(e, 'Spare').detail).toContain('IDLE');
    expect(e.risks).toEqual([expect.objectContaining({ kind: 'idle-address', resource: 'Spare' })]);
    expect(e.assumptions).toContain('each NAT gateway processes 5 GB a month');
  });

  test('EBS: gp2, gp3 with extra IOPS and throughput, io1 and io2 with provisioned IOPS', () => {
    const e = estimateTemplate(t({
      G2: { Type: 'AWS::EC2::Volume', Properties: { Size: 100, AvailabilityZone: 'a' } },
      G3: { Type: 'AWS::EC2::Volume', Properties: { Size: 100, VolumeType: 'gp3', Iops: 4000, Throughput: 250 } },
      I1: { Type: 'AWS::EC2::Volume', Properties: { Size: 50, VolumeType: 'io1', Iops: 3000 } },
      I2: { Type: 'AWS::EC2::Volume', Properties: { Size: 50, VolumeType: 'io2', Iops: 3000 } },
      NoIops: { Type: 'AWS::EC2::Volume', Properties: { Size: 50, VolumeType: 'io2' } },
    }), 'us-east-1');
    expect(line(e, 'G2').monthly).toBeCloseTo(10, 6);
    expect(line(e, 'G3').monthly).toBeCloseTo(8 + 1000 * 0.005 + 125 * 0.04, 6);
    expect(line(e, 'I1').monthly).toBeCloseTo(6.25 + 195, 6);
    expect(line(e, 'I2').monthly).toBeCloseTo(6.25 + 195, 6);
    expect(line(e, 'NoIops')).toMatchObject({ status: 'not-estimated', monthly: 0 });
    expect(e.notEstimated.map((l) => l.logicalId)).toEqual(['NoIops']);
  });

  test('RDS: class, Multi-AZ doubles, storage, io1 IOPS; Aurora and commercial engines are not estimated', () => {
    const e = estimateTemplate(t({
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t4g.small', MultiAZ: true, AllocatedStorage: '20', StorageType: 'gp3' } },
      Io: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'mysql', DBInstanceClass: 'db.m5.large', AllocatedStorage: '100', StorageType: 'io1', Iops: 1000 } },
      Aurora: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'aurora-postgresql', DBClusterIdentifier: { Ref: 'C' }, DBInstanceClass: 'db.r6g.large' } },
      Oracle: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'oracle-se2', DBInstanceClass: 'db.m5.large', AllocatedStorage: '20' } },
    }), 'eu-west-1');
    expect(line(e, 'Db').monthly).toBeCloseTo(2 * (month(0.034) + 20 * 0.127), 6);
    expect(line(e, 'Io').monthly).toBeCloseTo(month(0.191) + 100 * 0.138 + 1000 * 0.11, 6);
    expect(line(e, 'Aurora').status).toBe('not-estimated');
    expect(line(e, 'Oracle')).toMatchObject({ status: 'not-estimated', detail: 'engine oracle-se2 is not in the price table' });
  });

  test('ALB: hourly, one LCU, and a public IPv4 per subnet when internet-facing', () => {
    const e = estimateTemplate(t({
      Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'application', Scheme: 'internet-facing', Subnets: ['a', 'b'] } },
      Internal: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internal', Subnets: ['a', 'b'] } },
    }), 'us-east-1');
    expect(line(e, 'Alb').monthly).toBeCloseTo(month(0.0225 + 0.008) + 2 * month(0.005), 6);
    expect(line(e, 'Internal').monthly).toBeCloseTo(month(0.0225 + 0.008), 6);
  });

  test('an Auto Scaling group prices its launch template: type × desired capacity, detailed monitoring, volumes', () => {
    const app = new App();
    const stack = new Stack(app, 'Lab', { env: { region: 'us-east-1', account: '111111111111' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const lt = new ec2.LaunchTemplate(stack, 'Lt', {
      instanceType: new ec2.InstanceType('t3.small'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      detailedMonitoring: true,
      blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(30, { volumeType: ec2.EbsDeviceVolumeType.GP2 }) }],
    });
    new ec2.CfnInstance(stack, 'Box', { instanceType: 'c7i.metal-48xl', imageId: 'ami-1' });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const autoscaling = require('aws-cdk-lib/aws-autoscaling');
    new autoscaling.AutoScalingGroup(stack, 'Fleet', { vpc, launchTemplate: lt, minCapacity: 1, desiredCapacity: 3, maxCapacity: 4 });
    const template = app.synth().getStackArtifact(stack.artifactId).template as TemplateJson;
    const e = estimateTemplate(template, 'us-east-1');
    const asg = e.lines.find((l) => l.type === 'AWS::AutoScaling::AutoScalingGroup')!;
    expect(asg.monthly).toBeCloseTo(3 * (month(0.0208) + 2.1 + 30 * 0.1), 6);
    expect(asg.detail).toBe('3 × t3.small, detailed monitoring, 30 GB gp2 each');
    expect(e.lines.find((l) => l.type === 'AWS::EC2::LaunchTemplate')!.status).toBe('free');
    expect(e.lines.find((l) => l.logicalId === 'Box')).toMatchObject({ status: 'not-estimated', detail: 'instance type c7i.metal-48xl is not in the price table' });
    expect(e.lines.filter((l) => l.type === 'AWS::EC2::Subnet').every((l) => l.status === 'free')).toBe(true);
  });

  test('logs and S3: data kept forever costs the horizon; retention and lifecycle shrink it', () => {
    const e = estimateTemplate(t({
      Forever: { Type: 'AWS::Logs::LogGroup', Properties: {} },
      Month: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } },
      Pile: { Type: 'AWS::S3::Bucket', Properties: {} },
      Expiring: { Type: 'AWS::S3::Bucket', Properties: { LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: 90 }] } } },
    }), 'us-east-1');
    expect(line(e, 'Forever').monthly).toBeCloseTo(0.5 + 12 * 0.03, 6);
    expect(line(e, 'Month').monthly).toBeCloseTo(0.5 + 1 * 0.03, 6);
    expect(line(e, 'Pile').monthly).toBeCloseTo(12 * 0.023, 6);
    expect(line(e, 'Expiring').monthly).toBeCloseTo(3 * 0.023, 6);
    expect(e.assumptions.join(' ')).toMatch(/ingests 1 GB a month/);
  });

  test('alarms (standard, high resolution, composite), Lambda, free and unknown types', () => {
    const e = estimateTemplate(t({
      Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 300 } },
      Fast: { Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 10 } },
      Both: { Type: 'AWS::CloudWatch::CompositeAlarm', Properties: {} },
      Fn: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 1024 } },
      Role: { Type: 'AWS::IAM::Role', Properties: {} },
      Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
      Tgw: { Type: 'AWS::EC2::TransitGateway', Properties: {} },
    }), 'us-west-2');
    expect(line(e, 'Alarm').monthly).toBeCloseTo(0.1, 6);
    expect(line(e, 'Fast').monthly).toBeCloseTo(0.3, 6);
    expect(line(e, 'Both').monthly).toBeCloseTo(0.5, 6);
    expect(line(e, 'Fn').monthly).toBeCloseTo(0.02 + 100_000 * 0.2 * 0.0000166667, 6);
    expect(line(e, 'Role')).toMatchObject({ status: 'free', detail: 'IAM is free' });
    expect(line(e, 'Sg').status).toBe('free');
    expect(line(e, 'Tgw')).toMatchObject({ status: 'not-estimated', monthly: 0, detail: 'AWS::EC2::TransitGateway is not in the price table' });
    expect(e.monthly).toBeCloseTo(e.lines.reduce((s, l) => s + l.monthly, 0), 9);
    expect(e.hourly).toBeCloseTo(e.monthly / HOURS_PER_MONTH, 9);
  });

  test('guardrail resources are included and marked', () => {
    const e = estimateTemplate(t({ Topic: { Type: 'AWS::SNS::Topic', path: 'AwswoGuardrails/BudgetAlerts/Resource' } }), 'us-east-1');
    expect(line(e, 'Topic')).toMatchObject({ guardrail: true, status: 'free' });
  });
});
