import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { LabBucket, LAB_POSTGRES_VERSION, LabStack, LabStackProps } from '../../../lib/lab';

/**
 * Reference fix: the database refuses deletion, leaves a final snapshot if CloudFormation deletes or
 * replaces it anyway, and keeps seven days of point-in-time backups; invoices keep their versions.
 * Tearing this down takes two manual steps first (README.md, "Tear down").
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
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      backupRetention: Duration.days(7),
      preferredBackupWindow: '03:00-03:30',
    });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-RDS3', reason: 'LAB: a standby would double the cost of a lab that lives for hours; this drill is about backups, not availability' });

    // Old versions are kept for 30 days: long enough to undo a mistake, short enough to cost little.
    new LabBucket(this, 'InvoicesBucket', {
      overrides: {
        versioned: true,
        lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      },
    });
  }
}
