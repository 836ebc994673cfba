import { EventGraph, eventLoops } from '../../../lib/cost/loops';
import type { TemplateJson, TemplateResource } from '../../../lib/model/template';

const r = (type: string, path: string, props: Record<string, unknown> = {}): TemplateResource => ({ Type: type, Properties: props, Metadata: { 'aws:cdk:path': `Lab/${path}/Resource` } });
const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const objects = (bucket: string, keys = '*') => ({ 'Fn::Join': ['', [arn(bucket), `/${keys}`]] });
const filter = (prefix?: string, suffix?: string) => {
  const rules = [...(prefix ? [{ Name: 'prefix', Value: prefix }] : []), ...(suffix ? [{ Name: 'suffix', Value: suffix }] : [])];
  return rules.length ? { Filter: { Key: { FilterRules: rules } } } : {};
};

/** A function ThumbFn that may put objects `writes` (a resource), plus whatever wiring `extra` adds. */
function lab(writes: unknown, extra: Record<string, TemplateResource>, more: Array<Record<string, unknown>> = []): TemplateJson {
  return {
    Resources: {
      Uploads: r('AWS::S3::Bucket', 'UploadsBucket'),
      Thumbs: r('AWS::S3::Bucket', 'ThumbnailsBucket'),
      Role: r('AWS::IAM::Role', 'ThumbRole', { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } }),
      Policy: r('AWS::IAM::Policy', 'ThumbRole/DefaultPolicy', { Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: writes }, ...more] } }),
      Fn: r('AWS::Lambda::Function', 'ThumbFn', { Role: arn('Role') }),
      ...extra,
    },
  };
}
const notify = (config: Record<string, unknown>) => ({ Notify: r('Custom::S3BucketNotifications', 'UploadsBucket/Notifications', { BucketName: { Ref: 'Uploads' }, NotificationConfiguration: config }) });
const direct = (prefix?: string, suffix?: string) => notify({ LambdaFunctionConfigurations: [{ Events: ['s3:ObjectCreated:*'], LambdaFunctionArn: arn('Fn'), ...filter(prefix, suffix) }] });
const viaTopic = (prefix?: string) => ({
  ...notify({ TopicConfigurations: [{ Events: ['s3:ObjectCreated:*'], TopicArn: { Ref: 'Topic' }, ...filter(prefix) }] }),
  Topic: r('AWS::SNS::Topic', 'UploadTopic'),
  Sub: r('AWS::SNS::Subscription', 'UploadTopic/ThumbFn', { Protocol: 'lambda', TopicArn: { Ref: 'Topic' }, Endpoint: arn('Fn') }),
});
const viaQueue = (prefix?: string) => ({
  ...notify({ QueueConfigurations: [{ Events: ['s3:ObjectCreated:*'], QueueArn: arn('Queue'), ...filter(prefix) }] }),
  Queue: r('AWS::SQS::Queue', 'UploadQueue'),
  Esm: r('AWS::Lambda::EventSourceMapping', 'ThumbFn/SqsEventSource', { EventSourceArn: arn('Queue'), FunctionName: { Ref: 'Fn' } }),
});
const viaRule = (key?: unknown, opts: { bucketName?: unknown; enabled?: boolean; detailType?: string[] } = {}) => ({
  ...notify(opts.enabled === false ? {} : { EventBridgeConfiguration: {} }),
  Rule: r('AWS::Events::Rule', 'UploadRule', {
    EventPattern: { source: ['aws.s3'], 'detail-type': opts.detailType ?? ['Object Created'], detail: { bucket: { name: [opts.bucketName ?? { Ref: 'Uploads' }] }, ...(key ? { object: { key } } : {}) } },
    Targets: [{ Arn: arn('Fn'), Id: 'Target0' }],
  }),
});
const loops = (t: TemplateJson) => eventLoops(t).map((l) => l.message);

describe('event loops through any chain', () => {
  describe('loops back into the same bucket are found', () => {
    test.each([
      ['S3 → Lambda', direct()],
      ['S3 → SNS → Lambda', viaTopic()],
      ['S3 → SQS → Lambda', viaQueue()],
      ['S3 → EventBridge rule → Lambda', viaRule()],
      ['S3 → EventBridge rule on a key prefix the function writes into', viaRule([{ prefix: 'uploads/' }])],
      ['S3 → SNS → SQS → Lambda', {
        ...notify({ TopicConfigurations: [{ Events: ['s3:ObjectCreated:Put'], TopicArn: { Ref: 'Topic' } }] }),
        Topic: r('AWS::SNS::Topic', 'UploadTopic', { Subscription: [{ Protocol: 'sqs', Endpoint: arn('Queue') }] }),
        Queue: r('AWS::SQS::Queue', 'UploadQueue'),
        Esm: r('AWS::Lambda::EventSourceMapping', 'ThumbFn/SqsEventSource', { EventSourceArn: arn('Queue'), FunctionName: arn('Fn') }),
      }],
    ])('%s', (_name, wiring) => {
      const found = eventLoops(lab(objects('Uploads'), wiring));
      expect(found).toHaveLength(1);
      expect(found[0].functions).toEqual(['Fn']);
      expect(found[0].message).toMatch(/^ThumbFn may s3:PutObject "\*" in UploadsBucket, whose (notification|EventBridge rule) on .* goes to .*: each event it handles triggers it again$/);
    });
    test('the chain is named step by step', () => {
      expect(loops(lab(objects('Uploads'), viaTopic()))).toEqual([
        'ThumbFn may s3:PutObject "*" in UploadsBucket, whose notification on every new object goes to UploadTopic, which delivers (subscription) to ThumbFn: each event it handles triggers it again',
      ]);
    });
    test('a write inside the trigger prefix loops; a grant on "*" loops', () => {
      expect(loops(lab(objects('Uploads', 'uploads/thumbs/*'), viaTopic('uploads/')))).toHaveLength(1);
      expect(loops(lab('*', viaQueue('uploads/')))).toHaveLength(1);
    });
    test('a function that publishes to the topic that invokes it loops without any bucket', () => {
      const t = lab(objects('Thumbs'), viaTopic(), [{ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'Topic' } }]);
      expect(loops(t)).toEqual(['ThumbFn may sns:Publish to UploadTopic, which delivers (subscription) to ThumbFn: each event it handles triggers it again']);
    });
    test('a function whose success destination is the queue that invokes it loops', () => {
      const t = lab(objects('Thumbs'), { ...viaQueue(), Cfg: r('AWS::Lambda::EventInvokeConfig', 'ThumbFn/EventInvokeConfig', { FunctionName: { Ref: 'Fn' }, Qualifier: '$LATEST', DestinationConfig: { OnSuccess: { Destination: arn('Queue') } } }) });
      expect(loops(t)).toEqual([expect.stringContaining('ThumbFn sends its result (destination) to UploadQueue, which invokes (event source mapping) ThumbFn')]);
    });
    test('a wildcard EventBridge pattern on the key, or one that does not narrow it, loops', () => {
      expect(loops(lab(objects('Uploads', 'thumbnails/*'), viaRule([{ wildcard: 'thumb*' }])))).toHaveLength(1);
      expect(loops(lab(objects('Uploads'), viaRule([{ 'anything-but': 'x' }])))).toHaveLength(1);
    });
  });

  describe('chains that do not come back pass', () => {
    test.each([
      ['the function writes to a different bucket (direct)', lab(objects('Thumbs'), direct())],
      ['the function writes to a different bucket (through SNS)', lab(objects('Thumbs'), viaTopic())],
      ['the function writes to a different bucket (through SQS)', lab(objects('Thumbs'), viaQueue())],
      ['the function writes to a different bucket (through EventBridge)', lab(objects('Thumbs'), viaRule())],
      ['a prefix filter the function writes outside of (direct)', lab(objects('Uploads', 'thumbnails/*'), direct('uploads/'))],
      ['a prefix filter the function writes outside of (SNS)', lab(objects('Uploads', 'thumbnails/*'), viaTopic('uploads/'))],
      ['a prefix filter the function writes outside of (SQS)', lab(objects('Uploads', 'thumbnails/*'), viaQueue('uploads/'))],
      ['a suffix filter that excludes what the function writes', lab(objects('Uploads', 'thumbnails/*.png'), direct(undefined, '.jpg'))],
      ['an EventBridge prefix the function writes outside of', lab(objects('Uploads', 'thumbnails/*'), viaRule([{ prefix: 'uploads/' }]))],
      ['an EventBridge suffix that excludes what the function writes', lab(objects('Uploads', '*.png'), viaRule([{ suffix: '.jpg' }]))],
      ['an EventBridge rule on another bucket', lab(objects('Uploads'), viaRule(undefined, { bucketName: { Ref: 'Thumbs' } }))],
      ['an EventBridge rule, but the bucket does not send events to EventBridge', lab(objects('Uploads'), viaRule(undefined, { enabled: false }))],
      ['an EventBridge rule on deletions only', lab(objects('Uploads'), viaRule(undefined, { detailType: ['Object Deleted'] }))],
      ['a notification on deletions only', lab(objects('Uploads'), notify({ LambdaFunctionConfigurations: [{ Events: ['s3:ObjectRemoved:*'], LambdaFunctionArn: arn('Fn') }] }))],
    ])('%s', (_name, t) => {
      expect(loops(t)).toEqual([]);
    });
  });

  test('buckets whose new objects reach a function, through any chain', () => {
    for (const wiring of [direct(), viaTopic(), viaQueue(), viaRule()]) expect(new EventGraph(lab(objects('Thumbs'), wiring)).bucketsReaching('Fn')).toEqual(['Uploads']);
    expect(new EventGraph(lab(objects('Thumbs'), {})).bucketsReaching('Fn')).toEqual([]);
  });
});
