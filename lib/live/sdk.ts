// The AWS SDK v3 clients, loaded when a live check or command first needs one: a static grade (and
// every command that never calls AWS) does not pay the ~0.4 s of loading them. Import the types
// with `import type`, and the values through these at the point of use.
/* eslint-disable @typescript-eslint/no-require-imports */
export const sdk = {
  budgets: () => require('@aws-sdk/client-budgets') as typeof import('@aws-sdk/client-budgets'),
  cloudformation: () => require('@aws-sdk/client-cloudformation') as typeof import('@aws-sdk/client-cloudformation'),
  cloudtrail: () => require('@aws-sdk/client-cloudtrail') as typeof import('@aws-sdk/client-cloudtrail'),
  cloudwatch: () => require('@aws-sdk/client-cloudwatch') as typeof import('@aws-sdk/client-cloudwatch'),
  cloudwatchLogs: () => require('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs'),
  ec2: () => require('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2'),
  elbv2: () => require('@aws-sdk/client-elastic-load-balancing-v2') as typeof import('@aws-sdk/client-elastic-load-balancing-v2'),
  iam: () => require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam'),
  lambda: () => require('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda'),
  rds: () => require('@aws-sdk/client-rds') as typeof import('@aws-sdk/client-rds'),
  s3: () => require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3'),
  sns: () => require('@aws-sdk/client-sns') as typeof import('@aws-sdk/client-sns'),
  ssm: () => require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm'),
};

// ARNs through @aws-sdk/util-arn-parser, loaded on first use like the clients: its @aws-sdk/core
// util loads @smithy/core's protocols with it (10 modules), and the drills import these helpers.
const arnParser = () => require('@aws-sdk/util-arn-parser') as typeof import('@aws-sdk/util-arn-parser');
export const isArn = (value: string): boolean => arnParser().validate(value);
export const parseArn = (arn: string) => arnParser().parse(arn);
export const buildArn = (arn: Parameters<typeof import('@aws-sdk/util-arn-parser').build>[0]) => arnParser().build(arn);
