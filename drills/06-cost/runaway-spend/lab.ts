import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';
import { LabBucket, LabLogGroup, LabStack, LabStackProps } from '../../../lib/lab';

/**
 * Photo uploads get a thumbnail. The first upload after deploy never stops making thumbnails of
 * thumbnails, and nothing caps or reports the spend (see README.md).
 */
export default class RunawaySpendLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    const bucket = new LabBucket(this, 'UploadsBucket').bucket;
    const logGroup = new LabLogGroup(this, 'ThumbnailLogs');

    // TRAP recursive-loop: the function may write anywhere in the bucket that triggers it.
    const role = new iam.Role(this, 'ThumbnailRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Makes thumbnails of uploaded photos',
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [bucket.arnForObjects('*')] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    acknowledgeObjectArns(role, bucket, 'DRILL: trap recursive-loop');

    // TRAP no-concurrency-cap: nothing limits how many copies run at once.
    // TRAP loop-detection-off: someone switched off Lambda's recursive loop detection "to stop the warnings".
    const fn = new lambda.Function(this, 'ThumbnailFunction', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(THUMBNAIL_HANDLER),
      role,
      logGroup,
      timeout: Duration.seconds(30),
      recursiveLoop: lambda.RecursiveLoop.ALLOW,
      environment: { OUTPUT_BUCKET: bucket.bucketName, OUTPUT_PREFIX: 'thumbnails/' },
    });

    // TRAP recursive-loop: every new object, thumbnails included, invokes the function again.
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn));
    acknowledgeNotificationsHandler(this);

    // TRAP no-budget: no budget watches this workload; the guardrail budget covers the whole lab, late.
  }
}

/** `bucket/*` is a resource scope (the bucket's objects), not a wildcard grant. */
function acknowledgeObjectArns(scope: Construct, bucket: s3.Bucket, reason: string, suffix = '*'): void {
  const bucketId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${suffix}]`, reason });
}

/** CDK's own handler that writes the bucket's notification configuration. */
function acknowledgeNotificationsHandler(stack: Stack): void {
  const handler = stack.node.children.find((c) => c.node.id.startsWith('BucketNotificationsHandler'));
  if (!handler) return;
  Validations.of(handler).acknowledge({ id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: 'LAB: CDK\'s bucket notifications handler; it runs only while CloudFormation deploys' });
}

const THUMBNAIL_HANDLER = `
const { S3Client, GetObjectCommand, PutObjectCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});
exports.handler = async (event) => {
  for (const record of event.Records) {
    const Key = decodeURIComponent(record.s3.object.key.replace(/\\+/g, ' '));
    const photo = await (await s3.send(new GetObjectCommand({ Bucket: record.s3.bucket.name, Key }))).Body.transformToByteArray();
    const name = Key.split('/').pop();
    // A real job would resize here; the lab keeps the first KB so it costs nothing to run.
    await s3.send(new PutObjectCommand({ Bucket: process.env.OUTPUT_BUCKET, Key: process.env.OUTPUT_PREFIX + name, Body: photo.slice(0, 1024) }));
  }
  return { ok: true };
};
`;
