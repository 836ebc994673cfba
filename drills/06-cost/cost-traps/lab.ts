import { Duration, RemovalPolicy, Size, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { LabBucket, LAB_POSTGRES_VERSION, LabStack, LabStackProps } from '../../../lib/lab';

/**
 * The dev environment of the orders service: two web servers, a database, a data volume, logs and
 * build artifacts. It works, and it costs like production. Bring the estimate under budget without
 * breaking what the team needs from it (see README.md).
 */
export default class CostTrapsLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    // TRAP nat-per-az: a NAT gateway (and its address) in each AZ, for a dev environment.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 2,
      subnetConfiguration: [
        { name: 'edge', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
    // TRAP logs-forever: neither the flow logs nor the app logs ever expire.
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.INFINITE, removalPolicy: RemovalPolicy.DESTROY });
    Validations.of(flowLogs).acknowledge({ id: 'Awswo-LogGroupHasRetention', reason: 'DRILL: trap logs-forever' });
    vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: ec2.FlowLogTrafficType.REJECT });
    const appLogs = new logs.LogGroup(this, 'AppLogs', { retention: logs.RetentionDays.INFINITE, removalPolicy: RemovalPolicy.DESTROY });
    Validations.of(appLogs).acknowledge({ id: 'Awswo-LogGroupHasRetention', reason: 'DRILL: trap logs-forever' });

    // TRAP idle-eip: an Elastic IP kept "for the demo", attached to nothing.
    new ec2.CfnEIP(this, 'SpareIp', { domain: 'vpc' });

    const webSecurityGroup = new ec2.SecurityGroup(this, 'WebSecurityGroup', {
      vpc,
      description: 'Web servers: outbound only (they pull packages and call the payment API)',
      allowAllOutbound: true,
    });

    // TRAP gp2-root-volumes: 30 GB gp2 roots, where gp3 is cheaper and at least as fast.
    // TRAP detailed-monitoring: 1-minute EC2 metrics on every web server, which nobody reads.
    const template = new ec2.LaunchTemplate(this, 'WebTemplate', {
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.SMALL),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      securityGroup: webSecurityGroup,
      requireImdsv2: true,
      detailedMonitoring: true,
      blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(30, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP2 }) }],
    });
    const fleet = new autoscaling.AutoScalingGroup(this, 'WebFleet', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      launchTemplate: template,
      minCapacity: 2,
      maxCapacity: 2,
      desiredCapacity: 2,
    });
    Validations.of(fleet).acknowledge({ id: 'AwsSolutions-AS3', reason: 'LAB: scaling notifications would need a KMS-encrypted topic per lab; this drill is about cost' });
    Validations.of(fleet).acknowledge({ id: 'Awswo-AutoScalingELBHealthCheck', reason: 'LAB: the dev fleet has no load balancer; EC2 health checks are all it can have' });

    // TRAP io2-data-volume: 3000 provisioned io2 IOPS, which gp3 gives for free.
    new ec2.Volume(this, 'DataVolume', {
      availabilityZone: vpc.availabilityZones[0],
      size: Size.gibibytes(50),
      volumeType: ec2.EbsDeviceVolumeType.IO2,
      iops: 3000,
      encrypted: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // TRAP oversized-db: a db.m5.large, Multi-AZ, for a dev database that idles at 5 % CPU.
    // TRAP db-monitoring-1s: enhanced monitoring every second, streamed into CloudWatch Logs.
    const db = new rds.DatabaseInstance(this, 'OrdersDb', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: LAB_POSTGRES_VERSION }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.M5, ec2.InstanceSize.LARGE),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      databaseName: 'orders',
      credentials: rds.Credentials.fromUsername('orders_admin'),
      manageMasterUserPassword: true,
      allocatedStorage: 20,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      port: 5433,
      multiAz: true,
      backupRetention: Duration.days(1),
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
      monitoringInterval: Duration.seconds(1),
    });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-RDS10', reason: 'LAB: a lab database must go with cdk destroy' });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]', reason: 'LAB: RDS enhanced monitoring only works with this AWS managed role' });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'LAB: RDS manages and rotates the master secret itself' });

    // TRAP no-lifecycle: build artifacts pile up forever.
    new LabBucket(this, 'ArtifactsBucket');
  }
}
