import { RemovalPolicy } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { LabBucket, LabStack, LabStackProps } from '../../../lib/lab';

/**
 * The first stack of a new team account: an order service's configuration and log group, and the
 * account's audit trail. It deploys, but it breaks three of the course's account rules (see README.md).
 */
export default class RegionAccountGuardrailsLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    // TRAP lab-region: copied from another team's app, the stack is pinned to sa-east-1, a region the
    // course does not allow, and its account is left to chance.
    super(scope, id, { ...props, env: { region: 'sa-east-1' } });

    // TRAP untagged: nothing says who owns these resources, which environment they belong to, or
    // which cost center pays for them (the guardrails' awswo:* tags are the course's, not the team's).
    new ssm.StringParameter(this, 'ServiceConfig', {
      parameterName: this.labParameterName('orders/config'),
      stringValue: JSON.stringify({ tableName: 'orders', batchSize: 25 }),
      description: 'Runtime configuration of the order service',
    });
    new logs.LogGroup(this, 'ServiceLogs', {
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // TRAP trail-unvalidated: the trail records this region only, without global service events
    // (IAM, STS sign-ins), and its log files can be edited or deleted without anyone noticing.
    const trailLogs = new LabBucket(this, 'TrailLogs').bucket;
    new cloudtrail.Trail(this, 'AuditTrail', {
      bucket: trailLogs,
      isMultiRegionTrail: false,
      includeGlobalServiceEvents: false,
      enableFileValidation: false,
    });
  }
}
