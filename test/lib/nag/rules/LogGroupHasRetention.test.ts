import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { findings } from './nag-test-util';

const RULE = 'LogGroupHasRetention';

function group(props: logs.LogGroupProps): Stack {
  const s = new Stack();
  new logs.LogGroup(s, 'Logs', { removalPolicy: RemovalPolicy.DESTROY, ...props });
  return s;
}

describe(RULE, () => {
  test('Noncompliance 1: retention INFINITE', () => {
    expect(findings(group({ retention: logs.RetentionDays.INFINITE }), RULE)).toEqual(['Default/Logs/Resource']);
  });
  test('Noncompliance 2: an L1 log group without RetentionInDays', () => {
    const s = new Stack();
    new logs.CfnLogGroup(s, 'Raw', {});
    expect(findings(s, RULE)).toEqual(['Default/Raw']);
  });
  test('Compliance: a retention of a week (and the L2 default of two years)', () => {
    expect(findings(group({ retention: logs.RetentionDays.ONE_WEEK }), RULE)).toEqual([]);
    expect(findings(group({}), RULE)).toEqual([]);
  });
});
