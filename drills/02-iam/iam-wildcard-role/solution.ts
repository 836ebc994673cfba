import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LabBucket, LabStack, LabStackProps } from '../../../lib/lab';

/** Reference fix: every identity holds exactly what the README says it needs, and nothing else. */
export default class IamWildcardRoleLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    const bucket = new LabBucket(this, 'ReportsBucket').bucket;
    const logGroup = new logs.LogGroup(this, 'ReportLogs', {
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const objects = bucket.arnForObjects('*');

    const functionRole = new iam.Role(this, 'ReportFunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the nightly report job',
    });
    functionRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [objects] }));
    functionRole.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    acknowledgeObjectArns(functionRole, bucket);

    const fn = new lambda.Function(this, 'ReportFunction', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(REPORT_HANDLER),
      role: functionRole,
      logGroup,
      timeout: Duration.seconds(30),
      environment: { BUCKET: bucket.bucketName },
    });

    const opsRole = new iam.Role(this, 'OpsRole', {
      assumedBy: new iam.AccountRootPrincipal(),
      description: 'Operators who run and troubleshoot the report job',
    });
    opsRole.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }));
    opsRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    opsRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }));
    opsRole.addToPolicy(new iam.PolicyStatement({ actions: ['logs:FilterLogEvents'], resources: [logGroup.logGroupArn] }));
    acknowledgeObjectArns(opsRole, bucket);

    // The auditors' read access, in a customer managed policy attached to their group: one
    // versioned document any future auditor group can share. (A group's own AWS::IAM::Policy would
    // grant the same; it does not deploy on moto_server, whose CloudFormation has no
    // AWS::IAM::Group, so a policy that names the group fails there with "Group None not found".)
    const auditorsRead = new iam.ManagedPolicy(this, 'AuditorsReadPolicy', {
      description: 'Read the reports: list the bucket, get its objects',
      statements: [
        new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
        new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }),
      ],
    });
    acknowledgeObjectArns(auditorsRead, bucket);
    const auditors = new iam.Group(this, 'AuditorsGroup', { managedPolicies: [auditorsRead] });
    const auditor = new iam.User(this, 'AuditorUser');
    auditors.addUser(auditor);
  }
}

/** `bucket/*` is a resource scope (the bucket's objects), not a wildcard grant. */
function acknowledgeObjectArns(scope: Construct, bucket: s3.Bucket): void {
  const bucketId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  Validations.of(scope).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
    reason: 'Objects of the reports bucket only; object keys are not known in advance',
  });
}

const REPORT_HANDLER = `
const { S3Client, GetObjectCommand, PutObjectCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});
exports.handler = async () => {
  const Bucket = process.env.BUCKET;
  let previous = '';
  try { previous = await (await s3.send(new GetObjectCommand({ Bucket, Key: 'reports/latest.txt' }))).Body.transformToString(); } catch (e) { if (e.name !== 'NoSuchKey') throw e; }
  await s3.send(new PutObjectCommand({ Bucket, Key: 'reports/latest.txt', Body: new Date().toISOString() + '\\n' + previous.slice(0, 1000) }));
  return { ok: true };
};
`;
