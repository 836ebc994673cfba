import * as path from 'path';
import drill from '../../../../drills/06-cost/runaway-spend/drill';
import { proveDrill } from '../../drill-proof';
import { documentVariant, variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');

const TRIGGER = 'bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn), { prefix: UPLOADS });';
const IMPORTS = "import * as sns from 'aws-cdk-lib/aws-sns';\n";
/** The solution with the direct trigger replaced by `wiring` (extra imports after the sns one). */
const rewired = (name: string, imports: string, wiring: string, extra: ReadonlyArray<readonly [string, string]> = []) =>
  variant(solution, name, [[IMPORTS, IMPORTS + imports], [TRIGGER, wiring], ...extra]);
const SUBS = "import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';\n";
const SQS = "import * as sqs from 'aws-cdk-lib/aws-sqs';\nimport { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';\n";
const EVENTS = "import * as events from 'aws-cdk-lib/aws-events';\nimport * as targets from 'aws-cdk-lib/aws-events-targets';\n";
const WRITE_ANYWHERE: ReadonlyArray<readonly [string, string]> = [
  ["resources: [bucket.arnForObjects(`${THUMBNAILS}*`)] }));", "resources: [bucket.arnForObjects('*')] }));"],
];
const topicTo = (filter: string) => `const uploadTopic = new sns.Topic(this, 'UploadTopic', { enforceSSL: true });
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SnsDestination(uploadTopic)${filter});
    uploadTopic.addSubscription(new subs.LambdaSubscription(fn));`;
const queueTo = (filter: string) => `const uploadQueue = new sqs.Queue(this, 'UploadQueue', { enforceSSL: true });
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(uploadQueue)${filter});
    fn.addEventSource(new SqsEventSource(uploadQueue));`;
const FILTER = 'costFilters: { TagKeyValue: [`user:awswo:drill$${this.lab.drillId}`] },';
/** The solution's budget with its cost filter replaced. */
const filtered = (name: string, filter: string) => variant(solution, name, [[FILTER, filter]]);
const RECORD = 'Changed UploadsBucket (notification on uploads/ only)';
/** The reference runbook, its Record naming the resource the rewiring added. */
const recording = (added: string) => documentVariant(drill, `record-${added}`, { 'RUNBOOK.md': [[RECORD, `Added ${added} (uploads reach the function through it, under uploads/ only). ${RECORD}`]] });
const ruleTo = (key: string) => `bucket.enableEventBridgeNotification();
    new events.Rule(this, 'UploadRule', {
      eventPattern: { source: ['aws.s3'], detailType: ['Object Created'], detail: { bucket: { name: [bucket.bucketName] }${key} } },
      targets: [new targets.LambdaFunction(fn)],
    });`;

proveDrill(drill, [
  {
    name: 'a prefix filter on the trigger, but the function may still write anywhere in the bucket',
    labFile: variant(solution, 'filter-only', [
      ["resources: [bucket.arnForObjects(`${THUMBNAILS}*`)] }));", "resources: [bucket.arnForObjects('*')] }));"],
      ["    acknowledgeObjectArns(role, bucket, 'Thumbnails only; their keys are not known in advance', `${THUMBNAILS}*`);\n", "    acknowledgeObjectArns(role, bucket, 'all objects', '*');\n"],
    ]),
    failing: ['loop-broken'],
  },
  {
    name: 'a suffix filter (.jpg), with thumbnails written as .jpg too',
    labFile: variant(solution, 'suffix-only', [
      ['new s3n.LambdaDestination(fn), { prefix: UPLOADS });', "new s3n.LambdaDestination(fn), { suffix: '.jpg' });"],
      ["resources: [bucket.arnForObjects(`${UPLOADS}*`)] }));", "resources: [bucket.arnForObjects('*')] }));"],
      ["resources: [bucket.arnForObjects(`${THUMBNAILS}*`)] }));", "resources: [bucket.arnForObjects('*')] }));"],
      ["    acknowledgeObjectArns(role, bucket, 'Uploaded photos only; their keys are not known in advance', `${UPLOADS}*`);\n", "    acknowledgeObjectArns(role, bucket, 'all objects', '*');\n"],
      ["    acknowledgeObjectArns(role, bucket, 'Thumbnails only; their keys are not known in advance', `${THUMBNAILS}*`);\n", ''],
    ]),
    failing: ['loop-broken'],
  },
  {
    name: 'thumbnails written under uploads/thumbnails/, inside the trigger prefix',
    labFile: variant(solution, 'nested-prefix', [["const THUMBNAILS = 'thumbnails/';", "const THUMBNAILS = 'uploads/thumbnails/';"]]),
    failing: ['loop-broken'],
  },
  {
    name: 'S3 -> SNS -> Lambda: the trigger moved behind a topic, with no prefix filter',
    labFile: rewired('via-topic', SUBS, topicTo('')),
    failing: ['loop-broken'],
    because: /ThumbnailFunction may s3:PutObject "thumbnails\/\*" in UploadsBucket, whose notification on every new object goes to UploadTopic, which delivers \(subscription\) to ThumbnailFunction/,
  },
  {
    name: 'S3 -> SQS -> Lambda, the function writing anywhere in the bucket, behind the uploads/ prefix',
    labFile: rewired('via-queue', SQS, queueTo(', { prefix: UPLOADS }'), WRITE_ANYWHERE),
    failing: ['loop-broken'],
    because: /whose notification on new objects "uploads\/\*" goes to UploadQueue, which invokes \(event source mapping\) ThumbnailFunction/,
  },
  {
    name: 'S3 -> EventBridge rule -> Lambda on every new object of the bucket',
    labFile: rewired('via-rule', EVENTS, ruleTo('')),
    failing: ['loop-broken'],
    because: /whose EventBridge rule on every new object goes to UploadRule, which sends to ThumbnailFunction/,
  },
  {
    name: 'removed the trigger: no loop, but no thumbnails either',
    labFile: variant(solution, 'no-trigger', [
      ['    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn), { prefix: UPLOADS });\n', '    void s3n;\n'],
      ['    acknowledgeNotificationsHandler(this);\n', ''],
    ]),
    failing: ['loop-broken'],
  },
  {
    name: 'reserved concurrency 0 (the emergency brake left on) and a $1000 budget with no alert',
    labFile: variant(solution, 'brake-and-big-budget', [
      ['reservedConcurrentExecutions: 5,', 'reservedConcurrentExecutions: 0,'],
      ["budgetLimit: { amount: 5, unit: 'USD' },", "budgetLimit: { amount: 1000, unit: 'USD' },"],
    ]),
    failing: ['concurrency-capped', 'budget-alert'],
  },
  {
    name: 'a budget whose SNS topic does not let AWS Budgets publish',
    labFile: variant(solution, 'topic-closed', [
      ["principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],", "principals: [new iam.AccountRootPrincipal()],"],
    ]),
    failing: ['budget-alert'],
  },
  {
    name: 'a budget filtered on an unrelated service (RDS)',
    labFile: filtered('budget-other-service', "costFilters: { Service: ['Amazon Relational Database Service'] },"),
    failing: ['budget-alert'],
    because: /counts only the service\(s\) Amazon Relational Database Service, so ThumbnailFunction's spend \(AWS Lambda\) is not in it/,
  },
  {
    name: 'a budget filtered on a tag the lab\'s resources do not carry',
    labFile: filtered('budget-other-tag', "costFilters: { TagKeyValue: ['user:team$photos'] },"),
    failing: ['budget-alert'],
    because: /counts only resources tagged team=photos, which ThumbnailFunction is not/,
  },
  {
    name: 'a budget on another drill\'s tag value',
    labFile: filtered('budget-other-drill', "costFilters: { TagKeyValue: ['user:awswo:drill$cost-traps'] },"),
    failing: ['budget-alert'],
    because: /counts only resources tagged awswo:drill=cost-traps/,
  },
  {
    name: 'a FilterExpression on EC2 only',
    labFile: filtered('budget-expression-ec2', "filterExpression: { dimensions: { key: 'SERVICE', values: ['Amazon Elastic Compute Cloud - Compute'] } },"),
    failing: ['budget-alert'],
    because: /its FilterExpression leaves out ThumbnailFunction's spend \(AWS Lambda/,
  },
  {
    name: 'a FilterExpression that excludes the lab\'s drill tag (Not)',
    labFile: filtered('budget-expression-not', "filterExpression: { not: { tags: { key: 'awswo:drill', values: [this.lab.drillId] } } },"),
    failing: ['budget-alert'],
    because: /its FilterExpression leaves out ThumbnailFunction's spend/,
  },
  {
    name: 'a budget far above the lab\'s spend ($500)',
    labFile: variant(solution, 'budget-500', [["budgetLimit: { amount: 5, unit: 'USD' },", "budgetLimit: { amount: 500, unit: 'USD' },"]]),
    failing: ['budget-alert'],
    because: /the limit is 500 USD, want at most 20 USD/,
  },
  {
    name: 'budget alerts to an address that is no address',
    labFile: variant(solution, 'budget-nobody', [["const subscribers = [{ subscriptionType: 'SNS', address: alerts.topicArn }];", "const subscribers = [{ subscriptionType: 'EMAIL', address: 'nobody' }];"]]),
    failing: ['budget-alert'],
    because: /no notification at or under 100 % reaches an email address or an SNS topic/,
  },
  {
    name: 'acknowledged the IAM finding and changed nothing else',
    labFile: variant(lab, 'silenced', [
      ['    super(scope, id, props);\n', "    super(scope, id, props);\n    Validations.of(this).acknowledge({ id: 'AwsSolutions-IAM5', reason: 'fine' });\n"],
    ]),
    failing: ['loop-broken', 'concurrency-capped', 'budget-alert'],
  },
], [
  {
    name: 'a separate ThumbnailsBucket, no prefix filter, and an email budget alert',
    labFile: variant(solution, 'separate-bucket', [
      ["    const bucket = new LabBucket(this, 'UploadsBucket').bucket;\n", "    const bucket = new LabBucket(this, 'UploadsBucket').bucket;\n    const thumbs = new LabBucket(this, 'ThumbnailsBucket').bucket;\n"],
      ["resources: [bucket.arnForObjects(`${UPLOADS}*`)] }));", "resources: [bucket.arnForObjects('*')] }));"],
      ["resources: [bucket.arnForObjects(`${THUMBNAILS}*`)] }));", "resources: [thumbs.arnForObjects('*')] }));"],
      ["    acknowledgeObjectArns(role, bucket, 'Uploaded photos only; their keys are not known in advance', `${UPLOADS}*`);\n", "    acknowledgeObjectArns(role, bucket, 'uploads', '*');\n"],
      ["    acknowledgeObjectArns(role, bucket, 'Thumbnails only; their keys are not known in advance', `${THUMBNAILS}*`);\n", "    acknowledgeObjectArns(role, thumbs, 'thumbnails', '*');\n"],
      ['OUTPUT_BUCKET: bucket.bucketName', 'OUTPUT_BUCKET: thumbs.bucketName'],
      ['new s3n.LambdaDestination(fn), { prefix: UPLOADS });', 'new s3n.LambdaDestination(fn));'],
      ["const subscribers = [{ subscriptionType: 'SNS', address: alerts.topicArn }];", "const subscribers = [{ subscriptionType: 'EMAIL', address: 'ops@example.com' }];"],
    ]),
  },
  {
    name: 'S3 -> SNS -> Lambda behind the uploads/ prefix',
    labFile: rewired('topic-prefix', SUBS, topicTo(', { prefix: UPLOADS }')),
    runbookFile: recording('UploadTopic'),
  },
  {
    name: 'S3 -> SQS -> Lambda behind the uploads/ prefix',
    labFile: rewired('queue-prefix', SQS, queueTo(', { prefix: UPLOADS }')),
    runbookFile: recording('UploadQueue'),
  },
  {
    name: 'S3 -> EventBridge rule -> Lambda on keys under uploads/',
    labFile: rewired('rule-prefix', EVENTS, ruleTo(', object: { key: [{ prefix: UPLOADS }] }')),
    runbookFile: recording('UploadRule'),
  },
  {
    name: 'a suffix filter (.jpg) with thumbnails written only as .png',
    labFile: variant(solution, 'suffix-excludes-output', [
      [TRIGGER, "bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn), { suffix: '.jpg' });"],
      ["resources: [bucket.arnForObjects(`${THUMBNAILS}*`)] }));", "resources: [bucket.arnForObjects(`${THUMBNAILS}*.png`)] }));"],
      ["resources: [bucket.arnForObjects(`${UPLOADS}*`)] }));", "resources: [bucket.arnForObjects('*.jpg')] }));"],
    ]),
  },
  {
    name: 'a budget on the Lambda service',
    labFile: filtered('budget-lambda', "costFilters: { Service: ['AWS Lambda'] },"),
  },
  {
    name: 'a budget whose FilterExpression selects the student\'s tag and Lambda or S3',
    labFile: filtered('budget-expression', "filterExpression: { and: [{ tags: { key: 'user:awswo:student', values: [this.lab.student] } }, { dimensions: { key: 'SERVICE', values: ['AWS Lambda', 'Amazon Simple Storage Service'] } }] },"),
  },
]);
