import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { LAB_POSTGRES_VERSION } from './lab-versions';

export interface LabPostgresProps extends Partial<rds.DatabaseInstanceProps> {
  readonly vpc: ec2.IVpc;
  /** The database's name; its master user is `<databaseName>_admin`, its password kept by RDS. */
  readonly databaseName: string;
}

/**
 * A lab's PostgreSQL instance: db.t4g.micro in the isolated subnets, 20 GiB of encrypted gp3, port
 * 5433, a master password RDS keeps in Secrets Manager, single-AZ and deletable, so the lab's
 * expiry can delete it. Any setting may be given; a trap gives its broken one in lab.ts
 * (`storageEncrypted: false`).
 *
 * The block acknowledges the cdk-nag findings of its own defaults, as lab-only: single-AZ
 * (AwsSolutions-RDS3) unless `multiAz` is given, deletion protection off (AwsSolutions-RDS10) unless
 * `deletionProtection` is given, and the AWS managed enhanced-monitoring role when
 * `monitoringInterval` is. A setting written in lab.ts is the lab's own: if it is a trap, lab.ts
 * acknowledges it with a `DRILL:` reason.
 */
export class LabPostgres extends rds.DatabaseInstance {
  constructor(scope: Construct, id: string, props: LabPostgresProps) {
    super(scope, id, {
      engine: rds.DatabaseInstanceEngine.postgres({ version: LAB_POSTGRES_VERSION }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      credentials: rds.Credentials.fromUsername(`${props.databaseName}_admin`),
      manageMasterUserPassword: true,
      allocatedStorage: 20,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      port: 5433,
      multiAz: false,
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
      ...props,
    });
    if (props.multiAz === undefined) {
      Validations.of(this).acknowledge({ id: 'AwsSolutions-RDS3', reason: 'LAB: a standby would double the cost of a lab that lives for hours; a drill about availability sets multiAz' });
    }
    if (props.deletionProtection === undefined) {
      Validations.of(this).acknowledge({ id: 'AwsSolutions-RDS10', reason: 'LAB: the lab deletes itself when it expires, so its database must be deletable; deletion protection is drilled in module 04' });
    }
    if (props.monitoringInterval !== undefined) {
      Validations.of(this).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
        reason: 'LAB: RDS enhanced monitoring only works with this AWS managed role',
      });
    }
  }
}
