import { Duration, RemovalPolicy, Size, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { LabBucket, LAB_POSTGRES_VERSION, LabStack, LabStackProps } from '../../../lib/lab';

/** Reference fix: the same environment, sized and kept for what a dev environment needs. */
export default class CostTrapsLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    // One NAT gateway for both AZs: a dev environment can lose egress while one AZ is down.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'edge', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: ec2.FlowLogTrafficType.REJECT });
    new logs.LogGroup(this, 'AppLogs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });

    const webSecurityGroup = new ec2.SecurityGroup(this, 'WebSecurityGroup', {
      vpc,
      description: 'Web servers: outbound only (they pull packages and call the payment API)',
      allowAllOutbound: true,
    });

    const template = new ec2.LaunchTemplate(this, 'WebTemplate', {
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.SMALL),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      securityGroup: webSecurityGroup,
      requireImdsv2: true,
      detailedMonitoring: false,
      blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(30, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }) }],
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

    // gp3 includes 3000 IOPS and 125 MB/s at no extra charge: exactly what the data volume needs.
    new ec2.Volume(this, 'DataVolume', {
      availabilityZone: vpc.availabilityZones[0],
      size: Size.gibibytes(50),
      volumeType: ec2.EbsDeviceVolumeType.GP3,
      encrypted: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Still Multi-AZ (the team rehearses failovers on it), on the smallest class with 2 GiB.
    const db = new rds.DatabaseInstance(this, 'OrdersDb', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: LAB_POSTGRES_VERSION }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.SMALL),
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
      monitoringInterval: Duration.seconds(60),
    });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-RDS10', reason: 'LAB: a lab database must go with cdk destroy' });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]', reason: 'LAB: RDS enhanced monitoring only works with this AWS managed role' });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'LAB: RDS manages and rotates the master secret itself' });

    // Artifacts older than 90 days are never used again.
    new LabBucket(this, 'ArtifactsBucket', {
      overrides: { lifecycleRules: [{ id: 'expire-old-artifacts', expiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(7) }] },
    });
  }
}
