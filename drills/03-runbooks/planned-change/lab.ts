import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { LAB_POSTGRES_VERSION, LabStack, LabStackProps } from '../../../lib/lab';

/**
 * The catalogue database and the app tier in front of it. Two change requests are open against it
 * (see README.md): carry them out as a planned change, with a runbook, without losing the data.
 */
export default class PlannedChangeLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);
    const dbPort = 5433;

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
    const db = new rds.DatabaseInstance(this, 'CatalogDb', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: LAB_POSTGRES_VERSION }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [dbSg],
      databaseName: 'catalog',
      credentials: rds.Credentials.fromUsername('catalog_admin'),
      manageMasterUserPassword: true,
      allocatedStorage: 20,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      port: dbPort,
      multiAz: false,
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
      backupRetention: Duration.days(1),
    });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-RDS3', reason: 'LAB: a standby would double the cost of a lab that lives for hours; this drill is about the change, not availability' });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-RDS10', reason: 'LAB: the lab deletes itself when it expires, so the database must be deletable' });
  }
}
