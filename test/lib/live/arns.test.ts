import { arnOfDeployed, resolveLiveRef } from '../../../lib/live/arns';
import { stackEnv } from '../../../lib/live/stack';
import type { DeployedStack } from '../../../lib/model/live-check';

const stack = (stackId = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/awswo-alice-x/5b9c6d40-7f3e-11ef-9a1b-0a1b2c3d4e5f', resources: DeployedStack['resources'] = []): DeployedStack =>
  ({ stackName: 'awswo-alice-x', stackId, status: 'CREATE_COMPLETE', outputs: {}, resources });
const arn = (type: string, physicalId: string, s = stack()) => arnOfDeployed({ stack: s }, { logicalId: 'X', physicalId, type });

describe('arnOfDeployed: the service spec\'s ARN formats', () => {
  test.each([
    ['AWS::S3::Bucket', 'my-bucket', 'arn:aws:s3:::my-bucket'],
    ['AWS::Lambda::Function', 'fn', 'arn:aws:lambda:eu-west-1:123456789012:function:fn'],
    ['AWS::IAM::Role', 'OpsRole-1', 'arn:aws:iam::123456789012:role/OpsRole-1'],
    ['AWS::IAM::User', 'Auditor-1', 'arn:aws:iam::123456789012:user/Auditor-1'],
    ['AWS::IAM::Group', 'Auditors-1', 'arn:aws:iam::123456789012:group/Auditors-1'],
    ['AWS::SSM::Parameter', '/lab/alice/x/config', 'arn:aws:ssm:eu-west-1:123456789012:parameter/lab/alice/x/config'],
    ['AWS::SSM::Parameter', 'plain-name', 'arn:aws:ssm:eu-west-1:123456789012:parameter/plain-name'],
    ['AWS::DynamoDB::Table', 'Orders', 'arn:aws:dynamodb:eu-west-1:123456789012:table/Orders'],
    ['AWS::SQS::Queue', 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs', 'arn:aws:sqs:eu-west-1:123456789012:jobs'],
    ['AWS::EC2::Volume', 'vol-0123', 'arn:aws:ec2:eu-west-1:123456789012:volume/vol-0123'],
    ['AWS::CloudTrail::Trail', 'AuditTrail-1', 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/AuditTrail-1'],
    ['AWS::SSM::Document', 'restart-group', 'arn:aws:ssm:eu-west-1:123456789012:document/restart-group'],
  ])('%s %s', (type, id, expected) => {
    expect(arn(type, id)).toBe(expected);
  });
  test('where Fn::GetAtt Arn differs from the schema\'s format: log groups (":*") and TableV2 (the regional table)', () => {
    expect(arn('AWS::Logs::LogGroup', 'lg')).toBe('arn:aws:logs:eu-west-1:123456789012:log-group:lg:*');
    expect(arn('AWS::DynamoDB::GlobalTable', 'Orders')).toBe('arn:aws:dynamodb:eu-west-1:123456789012:table/Orders');
  });
  test('physical ids that are ARNs are kept; partitions come from the stack', () => {
    expect(arn('AWS::SNS::Topic', 'arn:aws:sns:eu-west-1:123456789012:t')).toBe('arn:aws:sns:eu-west-1:123456789012:t');
    expect(arn('AWS::S3::Bucket', 'b', stack('arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/s/1'))).toBe('arn:aws-cn:s3:::b');
  });
  test('undefined where the physical id is not the ARN\'s name (an EIP\'s public IP), for unknown types, and for no id', () => {
    expect(arn('AWS::EC2::EIP', '52.16.1.10')).toBeUndefined();
    expect(arn('Custom::Thing', 'x')).toBeUndefined();
    expect(arn('AWS::S3::Bucket', '')).toBeUndefined();
  });
  test('resolveLiveRef: a construct that is not deployed, or has no known ARN, is named', () => {
    const s = stack(undefined, [{ logicalId: 'Eip', physicalId: '52.16.1.10', type: 'AWS::EC2::EIP' }]);
    const ctx = { stack: s, resource: (id: string) => s.resources.find((r) => r.logicalId === id) } as never;
    expect(resolveLiveRef(ctx, '*')).toEqual({ arn: '*' });
    expect(resolveLiveRef(ctx, { construct: 'Gone' })).toEqual({ missing: "Gone is not in the deployed stack awswo-alice-x: fix it, don't delete it, and deploy" });
    expect(resolveLiveRef(ctx, { construct: 'Eip' })).toEqual({ missing: 'no ARN known for Eip (AWS::EC2::EIP)' });
  });
});

describe('stackEnv', () => {
  test('parses the stack ARN with util-arn-parser; anything else gives no region or account', () => {
    expect(stackEnv(stack())).toEqual({ partition: 'aws', region: 'eu-west-1', account: '123456789012' });
    expect(stackEnv({ stackId: 'garbage' })).toEqual({ partition: 'aws', region: '', account: '' });
  });
});
