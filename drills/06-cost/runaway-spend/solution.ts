import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { LabBucket, LabLogGroup, LabStack, LabStackProps } from '../../../lib/lab';

/** Reference fix: uploads/ triggers, thumbnails/ is written, concurrency is capped, and a budget alerts. */
export default class RunawaySpendLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    const bucket = new LabBucket(this, 'UploadsBucket').bucket;
    const logGroup = new LabLogGroup(this, 'ThumbnailLogs');

    const role = new iam.Role(this, 'ThumbnailRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Makes thumbnails of uploaded photos',
    });
    // Reads only what triggers it, writes only where nothing triggers.
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${UPLOADS}*`)] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${THUMBNAILS}*`)] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    acknowledgeObjectArns(role, bucket, 'Uploaded photos only; their keys are not known in advance', `${UPLOADS}*`);
    acknowledgeObjectArns(role, bucket, 'Thumbnails only; their keys are not known in advance', `${THUMBNAILS}*`);

    // At most five thumbnails at once: a burst queues up (S3 retries async invocations) instead of scaling spend.
    const fn = new lambda.Function(this, 'ThumbnailFunction', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(THUMBNAIL_HANDLER),
      role,
      logGroup,
      timeout: Duration.seconds(30),
      recursiveLoop: lambda.RecursiveLoop.TERMINATE,
      reservedConcurrentExecutions: 5,
      environment: { OUTPUT_BUCKET: bucket.bucketName, OUTPUT_PREFIX: THUMBNAILS },
    });

    // Only uploads/ triggers: the thumbnails the function writes under thumbnails/ do not.
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn), { prefix: UPLOADS });
    acknowledgeNotificationsHandler(this);

    // A budget of this workload's own, alerting early: at half of actual spend and when the forecast passes it.
    const alerts = new sns.Topic(this, 'SpendAlerts', { enforceSSL: true, displayName: 'thumbnail spend alerts' });
    alerts.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['sns:Publish'],
      principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
      resources: [alerts.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }));
    Validations.of(alerts).acknowledge({ id: 'AwsSolutions-SNS2', reason: 'Budget alerts carry amounts, no customer data; a KMS key would cost more than the alerts' });
    const subscribers = [{ subscriptionType: 'SNS', address: alerts.topicArn }];
    new budgets.CfnBudget(this, 'SpendBudget', {
      budget: {
        budgetName: this.labName('thumbnails'),
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: 5, unit: 'USD' },
        costFilters: { TagKeyValue: [`user:awswo:drill$${this.lab.drillId}`] },
      },
      notificationsWithSubscribers: [
        { notification: { notificationType: 'ACTUAL', comparisonOperator: 'GREATER_THAN', threshold: 50, thresholdType: 'PERCENTAGE' }, subscribers },
        { notification: { notificationType: 'FORECASTED', comparisonOperator: 'GREATER_THAN', threshold: 100, thresholdType: 'PERCENTAGE' }, subscribers },
      ],
    });
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

const UPLOADS = 'uploads/';
const THUMBNAILS = 'thumbnails/';

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
