import { RemovalPolicy, Size, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LabBucket, LAB_POSTGRES_VERSION, LabStack, LabStackProps } from '../../../lib/lab';

/**
 * A small reporting platform: a network, a scratch volume for the batch host, a reporting database
 * and a bucket of uploads. AWS runs the hardware, the hypervisor and the managed database engine;
 * everything below marked TRAP is the customer's side of the line, and it was left undone (see README.md).
 */
export default class SharedResponsibilityLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    // TRAP open-default-sg: the VPC's default security group keeps AWS's default rules (all traffic
    // between its members, all egress); anything launched without a security group lands in it.
    // No NAT gateway and no public subnet: nothing here talks to the internet.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      restrictDefaultSecurityGroup: false,
    });
    vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(this, 'FlowLogs', {
        retention: logs.RetentionDays.ONE_WEEK,
        removalPolicy: RemovalPolicy.DESTROY,
      })),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });

    // TRAP unencrypted-volume: the batch host's scratch data sits on an unencrypted EBS volume.
    const volume = new ec2.Volume(this, 'ScratchVolume', {
      availabilityZone: vpc.availabilityZones[0],
      size: Size.gibibytes(1),
      volumeType: ec2.EbsDeviceVolumeType.GP3,
      encrypted: false,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(volume).acknowledge({ id: 'AwsSolutions-EC26', reason: 'DRILL: trap unencrypted-volume' });

    // TRAP unencrypted-db: the reporting database's storage, snapshots and backups are unencrypted.
    const db = new rds.DatabaseInstance(this, 'ReportsDb', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: LAB_POSTGRES_VERSION }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      databaseName: 'reports',
      credentials: rds.Credentials.fromUsername('reports_admin'),
      manageMasterUserPassword: true,
      allocatedStorage: 20,
      storageType: rds.StorageType.GP3,
      storageEncrypted: false,
      port: 5433,
      multiAz: false,
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-RDS2', reason: 'DRILL: trap unencrypted-db' });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-RDS3', reason: 'LAB: a standby would double the cost of a lab that lives for hours; this drill is about the customer\'s side of security, not availability' });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-RDS10', reason: 'LAB: the lab must be deletable by its expiry schedule; deletion protection is drilled in module 04' });

    // TRAP public-bucket: every public access block is off, so one bucket policy or ACL away from public.
    const uploads = new LabBucket(this, 'UploadsBucket', {
      overrides: {
        blockPublicAccess: new s3.BlockPublicAccess({ blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false }),
      },
    });
    Validations.of(uploads.bucket).acknowledge({ id: 'AwsSolutions-S2', reason: 'DRILL: trap public-bucket' });
  }
}
