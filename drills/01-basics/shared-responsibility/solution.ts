import { RemovalPolicy, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LabBucket, LabPostgres, LabStack, LabStackProps, LabVpc } from '../../../lib/lab';

/**
 * Reference fix: the customer's side done. Volume and database encrypted at rest (both replaced,
 * from snapshots when they hold data), every public access block on, the default security group emptied.
 */
export default class SharedResponsibilityLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    // No NAT gateway and no public subnet: nothing here talks to the internet.
    const vpc = new LabVpc(this, 'Vpc', { restrictDefaultSecurityGroup: true });

    new ec2.Volume(this, 'ScratchVolume', {
      availabilityZone: vpc.availabilityZones[0],
      size: Size.gibibytes(1),
      volumeType: ec2.EbsDeviceVolumeType.GP3,
      encrypted: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    new LabPostgres(this, 'ReportsDb', { vpc, databaseName: 'reports', storageEncrypted: true });

    new LabBucket(this, 'UploadsBucket', { overrides: { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL } });
  }
}
