import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { LabBucket, LabLogGroup, LabStack, LabStackProps } from '../../../lib/lab';

/**
 * A nightly report job and the people who run it. It works, but every identity in it can do far
 * more than its job: fix the permissions without breaking the job (see README.md).
 */
export default class IamWildcardRoleLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    const bucket = new LabBucket(this, 'ReportsBucket').bucket;
    const logGroup = new LabLogGroup(this, 'ReportLogs');

    // TRAP function-wildcard: the job's role may do anything to anything.
    const functionRole = new iam.Role(this, 'ReportFunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the nightly report job',
    });
    functionRole.addToPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));
    Validations.of(functionRole).acknowledge({ id: 'AwsSolutions-IAM5[Action::*]', reason: 'DRILL: trap function-wildcard' });
    Validations.of(functionRole).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'DRILL: trap function-wildcard' });
    Validations.of(functionRole).acknowledge({ id: 'Awswo-IAMNoWildcardActions', reason: 'DRILL: trap function-wildcard' });

    new lambda.Function(this, 'ReportFunction', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(REPORT_HANDLER),
      role: functionRole,
      logGroup,
      timeout: Duration.seconds(30),
      environment: { BUCKET: bucket.bucketName },
    });

    // TRAP ops-admin: operators get full admin on top of a wildcard policy.
    const opsRole = new iam.Role(this, 'OpsRole', {
      assumedBy: new iam.AccountRootPrincipal(),
      description: 'Operators who run and troubleshoot the report job',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
    });
    opsRole.addToPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));
    Validations.of(opsRole).acknowledge({ id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]', reason: 'DRILL: trap ops-admin' });
    Validations.of(opsRole).acknowledge({ id: 'AwsSolutions-IAM5[Action::*]', reason: 'DRILL: trap ops-admin' });
    Validations.of(opsRole).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'DRILL: trap ops-admin' });
    Validations.of(opsRole).acknowledge({ id: 'Awswo-IAMNoAdminManagedPolicy', reason: 'DRILL: trap ops-admin' });
    Validations.of(opsRole).acknowledge({ id: 'Awswo-IAMNoWildcardActions', reason: 'DRILL: trap ops-admin' });

    // TRAP user-inline-policy: the auditor's access hangs off the user itself, and is far too wide.
    const auditor = new iam.User(this, 'AuditorUser');
    auditor.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    Validations.of(auditor).acknowledge({ id: 'AwsSolutions-IAM5[Action::s3:*]', reason: 'DRILL: trap user-inline-policy' });
    Validations.of(auditor).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'DRILL: trap user-inline-policy' });
    Validations.of(auditor).acknowledge({ id: 'Awswo-IAMNoUserInlinePolicy', reason: 'DRILL: trap user-inline-policy' });
    Validations.of(auditor).acknowledge({ id: 'Awswo-IAMNoWildcardActions', reason: 'DRILL: trap user-inline-policy' });

  }
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
