import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LabVpc, labEdgeSubnets } from '../../../lib/lab';

const stackWith = (build: (stack: Stack) => void) => {
  const stack = new Stack(new App(), 'S');
  build(stack);
  return { stack, t: Template.fromStack(stack) };
};
const ids = (t: Template, type: string) => Object.keys(t.findResources(type));

describe('LabVpc', () => {
  test('two AZs of isolated subnets, no NAT gateway, no internet gateway', () => {
    const { t } = stackWith((s) => new LabVpc(s, 'Vpc'));
    t.resourceCountIs('AWS::EC2::Subnet', 2);
    t.resourceCountIs('AWS::EC2::NatGateway', 0);
    t.resourceCountIs('AWS::EC2::InternetGateway', 0);
    t.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
  });

  test('logs rejected traffic to a week-long log group that destroy deletes, under the ids the labs always had', () => {
    const { stack, t } = stackWith((s) => new LabVpc(s, 'Vpc'));
    t.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT', LogDestinationType: 'cloud-watch-logs', ResourceType: 'VPC' });
    t.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 7 }, DeletionPolicy: 'Delete' });
    // The log group is the VPC's sibling FlowLogs, the flow log the VPC's child FlowLog: as before the block.
    expect(ids(t, 'AWS::Logs::LogGroup')).toEqual([expect.stringMatching(/^FlowLogs[0-9A-F]{8}$/)]);
    expect(ids(t, 'AWS::EC2::FlowLog')).toEqual([expect.stringMatching(/^VpcFlowLog[0-9A-F]{8}$/)]);
    expect(stack.node.findChild('FlowLogs')).toBeDefined();
  });

  test('exposes its flow log and log group; a VPC with another id gets <id>FlowLogs', () => {
    const { stack } = stackWith((s) => {
      new LabVpc(s, 'Vpc');
      new LabVpc(s, 'Backend');
    });
    const backend = stack.node.findChild('Backend') as LabVpc;
    expect(backend.flowLogGroup?.node.id).toBe('BackendFlowLogs');
    expect(backend.flowLog?.node.path).toBe('S/Backend/FlowLog');
  });

  test('flowLog: false (a trap) leaves the VPC without a flow log or its group', () => {
    const { stack, t } = stackWith((s) => new LabVpc(s, 'Vpc', { flowLog: false }));
    t.resourceCountIs('AWS::EC2::FlowLog', 0);
    t.resourceCountIs('AWS::Logs::LogGroup', 0);
    const vpc = stack.node.findChild('Vpc') as LabVpc;
    expect([vpc.flowLog, vpc.flowLogGroup]).toEqual([undefined, undefined]);
  });

  test('flowLogRetention and every VPC setting written in lab.ts win', () => {
    const { t } = stackWith((s) => new LabVpc(s, 'Vpc', {
      natGateways: 1,
      subnetConfiguration: [
        { name: 'edge', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
      flowLogRetention: logs.RetentionDays.INFINITE,
    }));
    t.resourceCountIs('AWS::EC2::NatGateway', 1);
    t.resourceCountIs('AWS::EC2::Subnet', 4);
    const [group] = Object.values(t.findResources('AWS::Logs::LogGroup'));
    expect(group.Properties?.RetentionInDays).toBeUndefined();
  });

  test('labEdgeSubnets: public subnets for the load balancer, isolated ones named after the tier', () => {
    const { t } = stackWith((s) => new LabVpc(s, 'Vpc', { subnetConfiguration: labEdgeSubnets('web') }));
    t.resourceCountIs('AWS::EC2::Subnet', 4);
    t.resourceCountIs('AWS::EC2::InternetGateway', 1);
    t.resourceCountIs('AWS::EC2::NatGateway', 0);
    expect(labEdgeSubnets('app').map((s) => [s.name, s.subnetType])).toEqual([['edge', ec2.SubnetType.PUBLIC], ['app', ec2.SubnetType.PRIVATE_ISOLATED]]);
  });
});
