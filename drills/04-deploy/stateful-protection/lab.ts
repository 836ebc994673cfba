import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { LabBucket, LAB_POSTGRES_VERSION, LabStack, LabStackProps } from '../../../lib/lab';

/**
 * The orders database and the bucket of invoice PDFs. Both hold data that exists nowhere else, and
 * one wrong `cdk deploy` or `cdk destroy` would lose it for good (see README.md).
 */
export default class StatefulProtectionLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    // No NAT gateway and no public subnet: nothing here talks to the internet.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    });
    vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(this, 'FlowLogs', {
        retention: logs.RetentionDays.ONE_WEEK,
        removalPolicy: RemovalPolicy.DESTROY,
      })),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });

    // TRAP no-deletion-protection: any delete, by hand or by CloudFormation, goes straight through.
    // TRAP no-snapshot-on-delete: deleting or replacing the database keeps no final snapshot.
    // TRAP backups-off: no automated backups, so no point-in-time restore either.
    const db = new rds.DatabaseInstance(this, 'OrdersDb', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: LAB_POSTGRES_VERSION }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      databaseName: 'orders',
      credentials: rds.Credentials.fromUsername('orders_admin'),
      manageMasterUserPassword: true,
      allocatedStorage: 20,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      port: 5433,
      multiAz: false,
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
      backupRetention: Duration.days(0),
    });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-RDS3', reason: 'LAB: a standby would double the cost of a lab that lives for hours; this drill is about backups, not availability' });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-RDS10', reason: 'DRILL: trap no-deletion-protection' });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-RDS13', reason: 'DRILL: trap backups-off' });

    // TRAP unversioned-bucket: an overwrite or delete of an invoice cannot be undone.
    new LabBucket(this, 'InvoicesBucket', { overrides: { versioned: false } });
  }
}
