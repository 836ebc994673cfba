import { display, TemplateValues, UnexpandedConditionError } from '../../../../lib/checks/iam/arn';
import type { TemplateJson } from '../../../../lib/model/template';

const template: TemplateJson = {
  Resources: {
    Bucket: { Type: 'AWS::S3::Bucket' },
    Named: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'my-reports' } },
    Param: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/awswo/demo/orders/config', Type: 'String', Value: 'x' } },
    Logs: { Type: 'AWS::Logs::LogGroup' },
    Topic: { Type: 'AWS::SNS::Topic' },
    Role: { Type: 'AWS::IAM::Role', Properties: { Path: '/ops/', AssumeRolePolicyDocument: {} } },
    Fn: { Type: 'AWS::Lambda::Function' },
  },
};
const v = new TemplateValues(template);
const text = (x: unknown) => display(v.text(x));

describe('every spelling of one ARN normalizes to one text', () => {
  test('a bucket\'s objects: GetAtt + /*, Fn::Join of Ref, Fn::Sub with and without a map', () => {
    const forms = [
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, '/*']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'Bucket' }, '/*']] },
      { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}/*' },
      { 'Fn::Sub': ['arn:${AWS::Partition}:s3:::${Name}/*', { Name: { Ref: 'Bucket' } }] },
      { 'Fn::Sub': '${Bucket.Arn}/*' },
    ];
    expect(new Set(forms.map(text))).toEqual(new Set(['arn:aws:s3:::${Bucket}/*']));
  });
  test('a bucket with a literal name: the literal ARN is the same', () => {
    expect(text({ 'Fn::GetAtt': ['Named', 'Arn'] })).toBe('arn:aws:s3:::my-reports');
    expect(text({ Ref: 'Named' })).toBe('my-reports');
  });
  test('an SSM parameter: the spec ARN, formatArn with or without the slash, and a literal agree', () => {
    const forms = [
      { 'Fn::GetAtt': ['Param', 'Arn'] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':parameter', { Ref: 'Param' }]] },
      { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/awswo/demo/orders/config' },
    ];
    expect(new Set(forms.map(text))).toEqual(new Set(['arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/awswo/demo/orders/config']));
  });
  test('a log group\'s Arn attribute covers its streams (":*"), as CloudFormation returns it', () => {
    expect(text({ 'Fn::GetAtt': ['Logs', 'Arn'] })).toBe('arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:${Logs}:*');
  });
  test('Ref of a topic is its ARN; a role ARN carries its path', () => {
    expect(text({ Ref: 'Topic' })).toBe(text({ 'Fn::GetAtt': ['Topic', 'TopicArn'] }));
    expect(text({ 'Fn::GetAtt': ['Role', 'Arn'] })).toBe('arn:aws:iam::${AWS::AccountId}:role/ops/${Role}');
  });
  test('a pinned environment fills in the region and account', () => {
    const pinned = new TemplateValues(template, { account: '123456789012', region: 'eu-west-1' });
    expect(display(pinned.text({ 'Fn::GetAtt': ['Fn', 'Arn'] }))).toBe('arn:aws:lambda:eu-west-1:123456789012:function:${Fn}');
    expect(pinned.text({ Ref: 'AWS::Partition' })).toBe('aws');
    expect(new TemplateValues(template, { region: 'cn-north-1' }).text({ Ref: 'AWS::Partition' })).toBe('aws-cn');
  });
  test('Fn::Select of Fn::Split, and values nothing can resolve stay tokens', () => {
    expect(v.text({ 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] })).toBe('b');
    expect(text({ 'Fn::ImportValue': 'Shared' })).toBe('${Import:Shared}');
  });
  test('Fn::If is refused: branches are expanded first', () => {
    expect(() => v.text({ 'Fn::If': ['C', 'a', 'b'] })).toThrow(UnexpandedConditionError);
  });
});
