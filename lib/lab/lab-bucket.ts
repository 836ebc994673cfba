import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface LabBucketProps {
  /** Extra bucket settings; a trap may weaken the defaults on purpose. */
  readonly overrides?: Partial<s3.BucketProps>;
}

/**
 * A private, encrypted, TLS-only bucket that `cdk destroy` empties and deletes, so a lab leaves
 * nothing behind.
 */
export class LabBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: LabBucketProps = {}) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
      ...props.overrides,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'LAB: server access logs would need a second bucket per lab; labs live for hours and CloudTrail covers the audit drills',
    });
  }
}
