import { costRisks, describeLoop, prefixesOverlap, s3LambdaLoops, s3LambdaTriggers } from '../../../lib/cost';
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

describe('S3 → Lambda loops', () => {
  test('prefixes overlap when one starts with the other', () => {
    expect(prefixesOverlap('', 'uploads/')).toBe(true);
    expect(prefixesOverlap('uploads/thumbs/', 'uploads/')).toBe(true);
    expect(prefixesOverlap('thumbnails/', 'uploads/')).toBe(false);
  });
  test('a trigger on every object and a grant on the whole bucket loop (CDK custom resource and native config)', () => {
    for (const nativeConfig of [false, true]) {
      const tpl = wiring({ nativeConfig });
      expect(s3LambdaTriggers(tpl)).toEqual([{ bucketId: 'Uploads', functionId: 'Fn', events: ['s3:ObjectCreated:*'], prefix: '', suffix: '' }]);
      const [loop] = s3LambdaLoops(tpl);
      expect(loop).toMatchObject({ writePrefixes: [''], envVars: ['OUTPUT_BUCKET'] });
      expect(describeLoop(loop)).toBe('UploadsBucket invokes ThumbFn on every new object, and ThumbFn may s3:PutObject anywhere in the same bucket (its environment OUTPUT_BUCKET names that bucket): each write triggers it again');
    }
  });
  test('a prefix filter breaks the loop only when the grant stays out of it', () => {
    expect(s3LambdaLoops(wiring({ triggerPrefix: 'uploads/' }))).toHaveLength(1);
    const thumbs = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Uploads', 'Arn'] }, '/thumbnails/*']] };
    expect(s3LambdaLoops(wiring({ triggerPrefix: 'uploads/', writeResource: thumbs }))).toEqual([]);
    const nested = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Uploads', 'Arn'] }, '/uploads/thumbs/*']] };
    expect(s3LambdaLoops(wiring({ triggerPrefix: 'uploads/', writeResource: nested }))[0].writePrefixes).toEqual(['uploads/thumbs/']);
  });
  test('a grant on "*" loops; a grant on another bucket does not', () => {
    expect(s3LambdaLoops(wiring({ writeResource: '*' }))).toHaveLength(1);
    expect(s3LambdaLoops(wiring({ writeResource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Other', 'Arn'] }, '/*']] } }))).toEqual([]);
  });
  test('costRisks: loop, loop detection off, uncapped concurrency; none when fixed', () => {
    expect(costRisks(wiring({ recursiveLoop: 'Allow' })).map((r) => r.kind)).toEqual(['recursive-loop', 'loop-detection-off', 'uncapped-concurrency']);
    const thumbs = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Uploads', 'Arn'] }, '/thumbnails/*']] };
    expect(costRisks(wiring({ triggerPrefix: 'uploads/', writeResource: thumbs, reserved: 5 }))).toEqual([]);
  });
});
