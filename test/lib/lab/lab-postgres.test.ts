import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { LabPostgres, LabPostgresProps, LabVpc } from '../../../lib/lab';
import { acknowledgementsOn } from './acknowledgements';

function build(props: Omit<LabPostgresProps, 'vpc' | 'databaseName'> = {}) {
  const stack = new Stack(new App(), 'S');
  const vpc = new LabVpc(stack, 'Vpc');
  const db = new LabPostgres(stack, 'OrdersDb', { vpc, databaseName: 'orders', ...props });
  const t = Template.fromStack(stack);
  const [[id, resource]] = Object.entries(t.findResources('AWS::RDS::DBInstance'));
  return { db, t, id, resource };
}

describe('LabPostgres', () => {
  test('a small, encrypted, single-AZ PostgreSQL in the isolated subnets that the lab expiry can delete', () => {
    const { resource, id, t } = build();
    expect(id).toMatch(/^OrdersDb[0-9A-F]{8}$/);
    expect(resource.Properties).toMatchObject({
      Engine: 'postgres',
      DBInstanceClass: 'db.t4g.micro',
      DBName: 'orders',
      MasterUsername: 'orders_admin',
      ManageMasterUserPassword: true,
      AllocatedStorage: '20',
      StorageType: 'gp3',
      StorageEncrypted: true,
      Port: '5433',
      MultiAZ: false,
      DeletionProtection: false,
    });
    expect(resource.Properties.MasterUserPassword).toBeUndefined();
    expect([resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual(['Delete', 'Delete']);
    t.resourceCountIs('AWS::SecretsManager::Secret', 0);
    const [subnetGroup] = Object.values(t.findResources('AWS::RDS::DBSubnetGroup'));
    expect(subnetGroup.Properties.SubnetIds).toHaveLength(2);
  });

  test('acknowledges the findings of its own defaults as LAB:, and only those', () => {
    const { db } = build();
    const acks = acknowledgementsOn(db);
    expect(Object.keys(acks).sort()).toEqual(['AwsSolutions-RDS10', 'AwsSolutions-RDS3']);
    for (const reason of Object.values(acks)) expect(reason).toMatch(/^LAB: /);
  });

  test('a setting written in lab.ts is the lab\'s own: the block acknowledges nothing about it (a trap acknowledges itself as DRILL:)', () => {
    const { db } = build({ deletionProtection: false, multiAz: false });
    expect(acknowledgementsOn(db)).toEqual({});
    const { db: protectedDb, resource } = build({ deletionProtection: true, multiAz: true });
    expect(acknowledgementsOn(protectedDb)).toEqual({});
    expect(resource.Properties).toMatchObject({ DeletionProtection: true, MultiAZ: true });
  });

  test('enhanced monitoring: the AWS managed monitoring role is acknowledged as LAB: when lab.ts asks for it', () => {
    const { db, t } = build({ monitoringInterval: Duration.seconds(60), multiAz: true, deletionProtection: true });
    expect(Object.keys(acknowledgementsOn(db))).toEqual(['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]']);
    const monitoring = Object.values(t.findResources('AWS::IAM::Role')).filter((r) => JSON.stringify(r).includes('AmazonRDSEnhancedMonitoringRole'));
    expect(monitoring).toHaveLength(1);
  });

  test('a trap written in lab.ts reaches the template', () => {
    const { resource } = build({
      storageEncrypted: false,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
      backupRetention: Duration.days(0),
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    expect(resource.Properties).toMatchObject({ StorageEncrypted: false, DBInstanceClass: 'db.t3.micro', BackupRetentionPeriod: 0 });
    expect(resource.DeletionPolicy).toBe('Snapshot');
  });
});
