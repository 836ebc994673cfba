import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { LabPostgres, LabStack, LabStackProps, LabVpc } from '../../../lib/lab';

/** Reference fix: both change requests carried out in place; CatalogDb keeps its identity and its data. */
export default class PlannedChangeLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);
    const dbPort = 5433;

    // No NAT gateway and no public subnet: nothing here talks to the internet.
    const vpc = new LabVpc(this, 'Vpc');

    // The app servers join this group; they need to reach the database, and nothing else here.
    const appSg = new ec2.SecurityGroup(this, 'AppSecurityGroup', {
      vpc,
      description: 'Catalogue app servers',
      allowAllOutbound: true,
    });
    const dbSg = new ec2.SecurityGroup(this, 'DbSecurityGroup', {
      vpc,
      description: 'Catalogue database',
      allowAllOutbound: false,
    });
    // CHG-2: the app tier reaches the database port, and nothing else.
    dbSg.addIngressRule(appSg, ec2.Port.tcp(dbPort), 'Catalogue app servers to PostgreSQL');

    // CHG-1: resized in place: CloudFormation modifies the instance (a few minutes of outage while it
    // restarts on the new class), it does not replace it.
    new LabPostgres(this, 'CatalogDb', {
      vpc,
      databaseName: 'catalog',
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.SMALL),
      securityGroups: [dbSg],
      port: dbPort,
      backupRetention: Duration.days(1),
    });
  }
}
