import * as path from 'path';
import drill from '../../../../drills/06-cost/runaway-spend/drill';
import { proveDrill } from '../../drill-proof';
import { variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');

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
]);
