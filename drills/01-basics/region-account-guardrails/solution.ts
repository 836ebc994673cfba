import { RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { LabBucket, LabStack, LabStackProps } from '../../../lib/lab';

/** The region the team deploys to: one of the course's allowed regions, written out. */
const REGION = 'eu-west-1';

/**
 * Reference fix: pinned to an allowed region and to the deploying account, every resource tagged
 * with its owner, environment and cost center, and an all-region trail whose logs can be validated.
 */
export default class RegionAccountGuardrailsLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, { ...props, env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: REGION } });
    Tags.of(this).add('owner', this.lab.student);
    Tags.of(this).add('environment', 'training');
    Tags.of(this).add('cost-center', 'awswo-training');

    new ssm.StringParameter(this, 'ServiceConfig', {
      parameterName: this.labParameterName('orders/config'),
      stringValue: JSON.stringify({ tableName: 'orders', batchSize: 25 }),
      description: 'Runtime configuration of the order service',
    });
    new logs.LogGroup(this, 'ServiceLogs', {
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const trailLogs = new LabBucket(this, 'TrailLogs').bucket;
    new cloudtrail.Trail(this, 'AuditTrail', {
      bucket: trailLogs,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
    });
  }
}
