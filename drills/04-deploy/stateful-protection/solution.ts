import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LabBucket, LabPostgres, LabStack, LabStackProps, LabVpc } from '../../../lib/lab';

/**
 * Reference fix: the database refuses deletion, leaves a final snapshot if CloudFormation deletes or
 * replaces it anyway, and keeps seven days of point-in-time backups; invoices keep their versions.
 * Tearing this down takes two manual steps first (README.md, "Tear down").
 */
export default class StatefulProtectionLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    // No NAT gateway and no public subnet: nothing here talks to the internet.
    const vpc = new LabVpc(this, 'Vpc');

    new LabPostgres(this, 'OrdersDb', {
      vpc,
      databaseName: 'orders',
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      backupRetention: Duration.days(7),
      preferredBackupWindow: '03:00-03:30',
    });

    // Old versions are kept for 30 days: long enough to undo a mistake, short enough to cost little.
    new LabBucket(this, 'InvoicesBucket', {
      overrides: {
        versioned: true,
        lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      },
    });
  }
}
