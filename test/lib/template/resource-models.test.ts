import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import { resourceModel, useCachedResourceModels } from '../../../lib/template/resource-models';

const template = (props: Record<string, unknown>, type = 'AWS::RDS::DBInstance') => ({ Resources: { Db: { Type: type, Properties: props } } });

describe('the cached resource models cloudformation-diff reads', () => {
  test('hold the same replacement and scrutiny facts as the service spec database', () => {
    const db = loadAwsServiceSpecSync();
    for (const type of ['AWS::RDS::DBInstance', 'AWS::S3::Bucket', 'AWS::IAM::Role', 'AWS::EC2::SecurityGroup', 'AWS::Lambda::Function']) {
      const real = db.lookup('resource', 'cloudFormationType', 'equals', type)[0];
      const cached = resourceModel(type)!;
      expect(cached.scrutinizable).toEqual(real.scrutinizable);
      for (const [name, prop] of Object.entries(real.properties)) {
        expect(cached.properties[name]).toBeDefined();
        expect({ name, causesReplacement: cached.properties[name]?.causesReplacement, scrutinizable: cached.properties[name]?.scrutinizable })
          .toEqual({ name, causesReplacement: prop.causesReplacement, scrutinizable: prop.scrutinizable });
      }
    }
    expect(resourceModel('Custom::Anything')).toBeUndefined();
  });

  test('once installed, the diff still tells a replacement from an in-place update', () => {
    useCachedResourceModels();
    const replaced = fullDiff(template({ DBInstanceIdentifier: 'a', DBInstanceClass: 'db.t3.micro' }) as any, template({ DBInstanceIdentifier: 'b', DBInstanceClass: 'db.t3.micro' }) as any);
    expect(replaced.resources.get('Db').changeImpact).toBe(ResourceImpact.WILL_REPLACE);
    const updated = fullDiff(template({ DBInstanceClass: 'db.t3.micro' }) as any, template({ DBInstanceClass: 'db.t3.small' }) as any);
    expect(updated.resources.get('Db').changeImpact).toBe(ResourceImpact.WILL_UPDATE);
    const iam = fullDiff({ Resources: {} } as any, template({ AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } }, 'AWS::IAM::Role') as any);
    expect(iam.iamChanges.hasChanges).toBe(true);
  });
});
