import { costRisks } from '../../../lib/cost';
import type { TemplateJson } from '../../../lib/model/template';

/** An S3 → Lambda wiring as CDK synthesizes it (Custom::S3BucketNotifications). */
function wiring(opts: { triggerPrefix?: string; writeResource?: unknown; nativeConfig?: boolean; reserved?: number; recursiveLoop?: string }): TemplateJson {
  const filter = opts.triggerPrefix ? { Key: { FilterRules: [{ Name: 'prefix', Value: opts.triggerPrefix }] } } : undefined;
  const meta = (p: string) => ({ 'aws:cdk:path': `Lab/${p}` });
  const resources: TemplateJson['Resources'] = {
    Uploads: { Type: 'AWS::S3::Bucket', Properties: {}, Metadata: meta('UploadsBucket/Bucket/Resource') },
    Role: { Type: 'AWS::IAM::Role', Properties: {}, Metadata: meta('ThumbRole/Resource') },
    Policy: {
      Type: 'AWS::IAM::Policy',
      Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: opts.writeResource ?? { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Uploads', 'Arn'] }, '/*']] } }] } },
      Metadata: meta('ThumbRole/DefaultPolicy/Resource'),
    },
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Environment: { Variables: { OUTPUT_BUCKET: { Ref: 'Uploads' } } }, ReservedConcurrentExecutions: opts.reserved, RecursiveLoop: opts.recursiveLoop },
      Metadata: meta('ThumbFn/Resource'),
    },
  };
  if (opts.nativeConfig) {
    resources.Uploads.Properties = { NotificationConfiguration: { LambdaConfigurations: [{ Event: 's3:ObjectCreated:*', Function: { 'Fn::GetAtt': ['Fn', 'Arn'] }, ...(opts.triggerPrefix ? { Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: opts.triggerPrefix }] } } } : {}) }] } };
  } else {
    resources.Notify = {
      Type: 'Custom::S3BucketNotifications',
      Properties: { BucketName: { Ref: 'Uploads' }, NotificationConfiguration: { LambdaFunctionConfigurations: [{ Events: ['s3:ObjectCreated:*'], LambdaFunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, ...(filter ? { Filter: filter } : {}) }] } },
      Metadata: meta('UploadsBucket/Notifications/Resource'),
    };
  }
  return { Resources: resources };
}

describe('spend risks', () => {
  test('costRisks: loop, loop detection off, uncapped concurrency; none when fixed', () => {
    expect(costRisks(wiring({ recursiveLoop: 'Allow' })).map((r) => r.kind)).toEqual(['recursive-loop', 'loop-detection-off', 'uncapped-concurrency']);
    const thumbs = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Uploads', 'Arn'] }, '/thumbnails/*']] };
    expect(costRisks(wiring({ triggerPrefix: 'uploads/', writeResource: thumbs, reserved: 5 }))).toEqual([]);
  });
  test('the loop is reported at its function, with the chain in words (native bucket configuration too)', () => {
    for (const nativeConfig of [false, true]) {
      const [risk] = costRisks(wiring({ nativeConfig, reserved: 5 }));
      expect(risk).toEqual({ kind: 'recursive-loop', resource: 'ThumbFn', message: 'recursive loop: ThumbFn may s3:PutObject "*" in UploadsBucket, whose notification on every new object goes to ThumbFn: each event it handles triggers it again' });
    }
  });
});
