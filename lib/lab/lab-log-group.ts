import { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * A log group that keeps a week of logs and goes with `cdk destroy`, as every lab's logs should. A
 * trap that keeps logs forever says so in lab.ts: `retention: logs.RetentionDays.INFINITE`.
 */
export class LabLogGroup extends logs.LogGroup {
  constructor(scope: Construct, id: string, props: logs.LogGroupProps = {}) {
    super(scope, id, {
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
      ...props,
    });
  }
}
