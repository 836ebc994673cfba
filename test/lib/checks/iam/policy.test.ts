import { allows, grantsBeyond, iamMatch, isWildcardAction, policiesOf } from '../../../../lib/checks/iam/policy';
import { findResource } from '../../../../lib/template/read';
import { TemplateJson } from '../../../../lib/model/template';

const meta = (p: string) => ({ 'aws:cdk:path': `S/${p}` });
const template: TemplateJson = {
  Resources: {
    Role: { Type: 'AWS::IAM::Role', Metadata: meta('Role/Resource'), Properties: { ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AdministratorAccess']] }] } },
    RolePolicy: {
      Type: 'AWS::IAM::Policy', Metadata: meta('Role/DefaultPolicy/Resource'),
      Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, '/*']] } }] } },
    },
    User: { Type: 'AWS::IAM::User', Metadata: meta('User/Resource'), Properties: { Groups: [{ Ref: 'Group' }] } },
    Group: { Type: 'AWS::IAM::Group', Metadata: meta('Group/Resource'), Properties: { Policies: [{ PolicyName: 'read', PolicyDocument: { Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': ['Bucket', 'Arn'] } } } }] } },
    Managed: { Type: 'AWS::IAM::ManagedPolicy', Metadata: meta('Managed/Resource'), Properties: { Users: [{ Ref: 'User' }], PolicyDocument: { Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] } } },
  },
};
const of = (id: string) => policiesOf(template, findResource(template, id)!);

describe('policiesOf', () => {
  test('collects AWS::IAM::Policy grants, rendered as text, and AWS managed policies', () => {
    const p = of('Role');
    expect(p.awsManagedPolicies).toEqual(['AdministratorAccess']);
    expect(p.grants.map((g) => `${g.action} ${g.resource}`)).toEqual(['* *', 's3:GetObject ${Bucket.Arn}/*', 's3:PutObject ${Bucket.Arn}/*']);
  });
  test('a user holds its groups\' grants, and NotAction statements are flagged', () => {
    const p = of('User');
    expect(allows(p, 's3:ListBucket', '${Bucket.Arn}')).toBe(true);
    expect(p.negatedStatements).toEqual(['managed policy Managed']);
  });
});

describe('matching', () => {
  test('IAM wildcards match like IAM does, case-insensitively', () => {
    expect(iamMatch('s3:Get*', 's3:getobject')).toBe(true);
    expect(iamMatch('s3:GetObject', 's3:*')).toBe(false);
    expect(iamMatch('${Bucket.Arn}/*', '${Bucket.Arn}/reports/*')).toBe(true);
  });
  test('wildcard actions', () => {
    expect(['*', 's3:*', 's3:Get*'].map(isWildcardAction)).toEqual([true, true, false]);
  });
  test('grantsBeyond treats a granted wildcard literally: s3:* is never covered by s3:GetObject', () => {
    const p = of('Role');
    const extra = grantsBeyond(p, [{ actions: ['s3:GetObject', 's3:PutObject'], resource: '${Bucket.Arn}/*' }]);
    expect(extra.map((g) => g.action)).toEqual(['*']);
  });
});
