import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LabBucket, LabPostgres, LabStack, LabStackProps, LabVpc } from '../../../lib/lab';

/**
 * The orders database and the bucket of invoice PDFs. Both hold data that exists nowhere else, and
 * one wrong `cdk deploy` or `cdk destroy` would lose it for good (see README.md).
 */
export default class StatefulProtectionLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    // No NAT gateway and no public subnet: nothing here talks to the internet.
    const vpc = new LabVpc(this, 'Vpc');

    // TRAP no-deletion-protection: any delete, by hand or by CloudFormation, goes straight through.
    // TRAP no-snapshot-on-delete: deleting or replacing the database keeps no final snapshot.
    // TRAP backups-off: no automated backups, so no point-in-time restore either.
    const db = new LabPostgres(this, 'OrdersDb', {
      vpc,
      databaseName: 'orders',
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
      backupRetention: Duration.days(0),
    });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-RDS10', reason: 'DRILL: trap no-deletion-protection' });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-RDS13', reason: 'DRILL: trap backups-off' });

    // TRAP unversioned-bucket: an overwrite or delete of an invoice cannot be undone.
    new LabBucket(this, 'InvoicesBucket', { overrides: { versioned: false } });
  }
}
