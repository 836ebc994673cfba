import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { LabPostgres, LabStack, LabStackProps, LabVpc } from '../../../lib/lab';

/**
 * The catalogue database and the app tier in front of it. Two change requests are open against it
 * (see README.md): carry them out as a planned change, with a runbook, without losing the data.
 */
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
    // TRAP open-db-ports (CHG-2): the app tier may reach every port of the database hosts, not just the database.
    dbSg.addIngressRule(appSg, ec2.Port.allTraffic(), 'Catalogue app servers');

    // TRAP undersized-db (CHG-1): the catalogue outgrew db.t3.micro; the change request asks for db.t3.small.
    new LabPostgres(this, 'CatalogDb', {
      vpc,
      databaseName: 'catalog',
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
      securityGroups: [dbSg],
      port: dbPort,
      backupRetention: Duration.days(1),
    });
  }
}
