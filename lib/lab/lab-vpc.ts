import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LabLogGroup } from './lab-log-group';

/** One isolated subnet per AZ: the default of a lab VPC, where nothing talks to the internet. */
const ISOLATED_SUBNETS: ec2.SubnetConfiguration[] = [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }];

/** Public subnets for a load balancer, isolated ones (named `tier`) for what stands behind it. */
export function labEdgeSubnets(tier: string): ec2.SubnetConfiguration[] {
  return [
    { name: 'edge', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
    { name: tier, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
  ];
}

export interface LabVpcProps extends Omit<ec2.VpcProps, 'flowLogs'> {
  /**
   * `false`: no flow log at all (cdk-nag AwsSolutions-VPC7), for a lab whose trap it is.
   * @default true: rejected traffic is logged to CloudWatch Logs
   */
  readonly flowLog?: boolean;
  /** @default one week */
  readonly flowLogRetention?: logs.RetentionDays;
}

/**
 * A lab's VPC: two AZs, no NAT gateway, isolated subnets unless `subnetConfiguration` says
 * otherwise, and a flow log of rejected traffic (`flowLog`) to a log group that goes with
 * `cdk destroy` (`flowLogGroup`).
 *
 * The log group is the VPC's sibling `FlowLogs` (`<id>FlowLogs` for a VPC not called `Vpc`), where
 * the labs had it before this block existed: the logical ids of deployed labs stay.
 */
export class LabVpc extends ec2.Vpc {
  readonly flowLog?: ec2.FlowLog;
  readonly flowLogGroup?: logs.LogGroup;

  constructor(scope: Construct, id: string, props: LabVpcProps = {}) {
    const { flowLog = true, flowLogRetention = logs.RetentionDays.ONE_WEEK, ...vpcProps } = props;
    super(scope, id, { maxAzs: 2, natGateways: 0, subnetConfiguration: ISOLATED_SUBNETS, ...vpcProps });
    if (!flowLog) return;
    this.flowLogGroup = new LabLogGroup(scope, id === 'Vpc' ? 'FlowLogs' : `${id}FlowLogs`, { retention: flowLogRetention });
    this.flowLog = this.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });
  }
}
