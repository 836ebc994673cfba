import { RemovalPolicy, Size, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LabBucket, LabPostgres, LabStack, LabStackProps, LabVpc } from '../../../lib/lab';

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
    const vpc = new LabVpc(this, 'Vpc', { restrictDefaultSecurityGroup: false });

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
    const db = new LabPostgres(this, 'ReportsDb', { vpc, databaseName: 'reports', storageEncrypted: false });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-RDS2', reason: 'DRILL: trap unencrypted-db' });

    // TRAP public-bucket: every public access block is off, so one bucket policy or ACL away from public.
    const uploads = new LabBucket(this, 'UploadsBucket', {
      overrides: {
        blockPublicAccess: new s3.BlockPublicAccess({ blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false }),
      },
    });
    Validations.of(uploads.bucket).acknowledge({ id: 'AwsSolutions-S2', reason: 'DRILL: trap public-bucket' });
  }
}
