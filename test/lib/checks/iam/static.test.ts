import { arn, iamCanDo, iamNoUserPolicies, iamNoWildcardsOrAdmin, iamOnly, iamOnlyWhen } from '../../../../lib/checks/iam/static';
import type { StaticCheck, StaticEvidence } from '../../../../lib/model/drill';
import type { Verdict } from '../../../../lib/model/verdict';
import type { TemplateJson, TemplateResource } from '../../../../lib/model/template';

const meta = (p: string) => ({ 'aws:cdk:path': `Lab/${p}` });
const doc = (...statements: unknown[]) => ({ Statement: statements });
const allow = (Action: unknown, Resource: unknown = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const OBJECTS = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['BucketAB12', 'Arn'] }, '/*']] };
const LAMBDA = { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }] };
const ACCOUNT = { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } } }] };

const role = (path: string, props: Record<string, unknown> = {}): TemplateResource => ({ Type: 'AWS::IAM::Role', Metadata: meta(`${path}/Resource`), Properties: { AssumeRolePolicyDocument: LAMBDA, ...props } });
const rolePolicy = (path: string, roleId: string, ...statements: unknown[]): TemplateResource => ({
  Type: 'AWS::IAM::Policy', Metadata: meta(`${path}/DefaultPolicy/Resource`), Properties: { PolicyName: 'p', Roles: [{ Ref: roleId }], PolicyDocument: doc(...statements) },
});
const fn = (path: string, roleId: string): TemplateResource => ({ Type: 'AWS::Lambda::Function', Metadata: meta(`${path}/Resource`), Properties: { Role: { 'Fn::GetAtt': [roleId, 'Arn'] } } });

/** The pristine lab: a job role with * on *, its function, a bucket, an operator role and an auditor. */
const BASELINE: TemplateJson = {
  Resources: {
    BucketAB12: { Type: 'AWS::S3::Bucket', Metadata: meta('Bucket/Resource') },
    JobRoleAB12: role('JobRole'),
    JobRolePolicyAB12: rolePolicy('JobRole', 'JobRoleAB12', allow('*')),
    JobAB12: fn('Job', 'JobRoleAB12'),
    OpsRoleAB12: role('OpsRole', { AssumeRolePolicyDocument: ACCOUNT }),
    AuditorAB12: { Type: 'AWS::IAM::User', Metadata: meta('Auditor/Resource'), Properties: { Policies: [{ PolicyName: 'own', PolicyDocument: doc(allow('s3:*')) }] } },
  },
};
const FIXED_POLICY = rolePolicy('JobRole', 'JobRoleAB12', allow(['s3:GetObject', 's3:PutObject'], OBJECTS));
const fixed = (extra: Record<string, TemplateResource | undefined> = {}): TemplateJson => {
  const resources: Record<string, TemplateResource> = { ...BASELINE.Resources!, JobRolePolicyAB12: FIXED_POLICY };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete resources[k];
    else resources[k] = v;
  }
  return { Resources: resources };
};
const run = (check: StaticCheck, template: TemplateJson): Verdict =>
  check.run({ template, baseline: BASELINE, environment: { account: 'unknown-account', region: 'unknown-region' } } as unknown as StaticEvidence);

const ENVELOPE = [{ actions: ['s3:GetObject', 's3:PutObject'], resource: arn('Bucket', '/*') }];
const only = iamOnly('only', 'JobRole', ENVELOPE);
const canDo = iamCanDo('can', 'JobRole', [{ action: 's3:PutObject', resource: arn('Bucket', '/reports/latest.txt') }]);

describe('iamOnly', () => {
  test('Compliance: the fixed role, and a narrower grant', () => {
    expect(run(only, fixed())).toMatchObject({ status: 'pass' });
    expect(run(only, fixed({ JobRolePolicyAB12: rolePolicy('JobRole', 'JobRoleAB12', allow('s3:PutObject', { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${BucketAB12}/reports/*' })) }))).toMatchObject({ status: 'pass' });
  });
  test('Noncompliance 1: the pristine lab, named by construct id', () => {
    expect(run(only, BASELINE)).toEqual({ status: 'fail', message: expect.stringMatching(/^JobRole is granted more than it needs: \* on \*/) });
  });
  test('Noncompliance 2: the broken role moved to another construct id, a clean decoy at JobRole', () => {
    const moved = fixed({
      JobRoleAB12: role('LegacyJob'),
      JobRolePolicyAB12: rolePolicy('LegacyJob', 'JobRoleAB12', allow('*')),
      Decoy: role('JobRole'),
      DecoyPolicy: rolePolicy('JobRole', 'Decoy', allow('s3:GetObject', OBJECTS)),
    });
    expect(run(only, moved)).toMatchObject({ status: 'fail', message: expect.stringContaining('JobRole is granted more than it needs: * on *') });
  });
  test('Noncompliance 3: the function switched to run as a new role with the broad grant', () => {
    const switched = fixed({ JobAB12: fn('Job', 'Other'), Other: role('Other'), OtherPolicy: rolePolicy('Other', 'Other', allow('*')) });
    expect(run(only, switched)).toMatchObject({ status: 'fail', message: expect.stringContaining('Job now runs as Other (Role), and it is granted more than JobRole needs') });
  });
  test('Noncompliance 4: a new role trusted like the drill\'s role holds more', () => {
    expect(run(only, fixed({ Second: role('Second'), SecondPolicy: rolePolicy('Second', 'Second', allow('s3:DeleteObject', OBJECTS)) }))).toMatchObject({
      status: 'fail', message: expect.stringContaining('Second is a new role that trusts service:lambda.amazonaws.com like JobRole'),
    });
  });
  test('Noncompliance 5: another principal of the lab gains something, or a new one holds a wildcard', () => {
    const opsGains = fixed({ OpsPolicy: rolePolicy('OpsRole', 'OpsRoleAB12', allow('ec2:*')) });
    expect(run(only, opsGains)).toMatchObject({ status: 'fail', message: expect.stringContaining('besides JobRole: OpsRole now holds more than in the pristine lab: ec2:* on *') });
    const ec2Admin = fixed({ Worker: role('Worker', { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } }] }, ManagedPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess'] }) });
    expect(run(only, ec2Admin)).toMatchObject({ status: 'fail', message: expect.stringContaining('the new role Worker holds the AWS managed policy PowerUserAccess') });
  });
  test('Noncompliance 6: a grant through the bucket policy', () => {
    const viaBucket = fixed({ BP: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'BucketAB12' }, PolicyDocument: doc(allow('s3:*', OBJECTS, { Principal: { AWS: { 'Fn::GetAtt': ['JobRoleAB12', 'Arn'] } } })) } } });
    expect(run(only, viaBucket)).toMatchObject({ status: 'fail', message: expect.stringContaining('s3:* on arn:aws:s3:::${BucketAB12}/* (bucket policy BP') });
  });
  test('the role deleted fails; a drill naming a construct its baseline lacks is an error', () => {
    expect(run(only, fixed({ JobRoleAB12: undefined }))).toEqual({ status: 'fail', message: "JobRole is missing from the template: fix it, don't delete it" });
    expect(run(iamOnly('x', 'NoSuchRole', ENVELOPE), fixed())).toMatchObject({ status: 'error' });
  });
  test('a condition the model cannot judge against the drill\'s condition is an error, not a pass', () => {
    const check = iamOnly('only', 'JobRole', [{ actions: ['s3:GetObject', 's3:PutObject'], resource: arn('Bucket', '/*'), when: { StringEquals: { 'aws:ResourceTag/team': 'jobs' } } }]);
    const odd = fixed({ JobRolePolicyAB12: rolePolicy('JobRole', 'JobRoleAB12', allow('s3:GetObject', OBJECTS, { Condition: { StringAlmostEquals: { 'aws:ResourceTag/team': 'jobs' } } })) });
    expect(run(check, odd)).toMatchObject({ status: 'error', message: expect.stringContaining('StringAlmostEquals') });
  });
});

describe('iamCanDo', () => {
  test('Compliance and Noncompliance', () => {
    expect(run(canDo, fixed())).toMatchObject({ status: 'pass' });
    expect(run(canDo, fixed({ JobRolePolicyAB12: rolePolicy('JobRole', 'JobRoleAB12', allow('s3:GetObject', OBJECTS)) }))).toMatchObject({
      status: 'fail', message: expect.stringContaining('JobRole cannot s3:PutObject on arn:aws:s3:::${BucketAB12}/reports/latest.txt'),
    });
  });
  test('the identity the workload now runs as must hold the needs too', () => {
    expect(run(canDo, fixed({ JobAB12: fn('Job', 'OpsRoleAB12') }))).toMatchObject({ status: 'fail', message: expect.stringContaining('Job now runs as OpsRole (Role) cannot s3:PutObject') });
  });
  test('a need behind a condition the model cannot judge is an error', () => {
    const odd = fixed({ JobRolePolicyAB12: rolePolicy('JobRole', 'JobRoleAB12', allow('s3:PutObject', OBJECTS, { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })) });
    expect(run(canDo, odd)).toMatchObject({ status: 'error', message: expect.stringContaining('aws:sourceip') });
  });
});

describe('iamNoWildcardsOrAdmin', () => {
  const check = iamNoWildcardsOrAdmin('admin', 'OpsRole');
  test.each<[string, Record<string, TemplateResource>, string | undefined]>([
    ['clean', {}, undefined],
    ['AdministratorAccess by literal ARN', { OpsRoleAB12: role('OpsRole', { AssumeRolePolicyDocument: ACCOUNT, ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] }) }, 'the AWS managed policy AdministratorAccess'],
    ['IAMFullAccess', { OpsRoleAB12: role('OpsRole', { AssumeRolePolicyDocument: ACCOUNT, ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/IAMFullAccess' }] }) }, 'the AWS managed policy IAMFullAccess'],
    ['a service wildcard', { OpsPolicy: rolePolicy('OpsRole', 'OpsRoleAB12', allow('ec2:*')) }, 'the wildcard grant ec2:* on *'],
    ['NotAction', { OpsPolicy: rolePolicy('OpsRole', 'OpsRoleAB12', { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) }, 'NotAction iam:*'],
  ])('%s', (_name, extra, problem) => {
    const v = run(check, fixed(extra));
    if (problem) expect(v).toMatchObject({ status: 'fail', message: expect.stringContaining(problem) });
    else expect(v).toMatchObject({ status: 'pass' });
  });
});

describe('iamNoUserPolicies', () => {
  const check = iamNoUserPolicies('own', 'Auditor');
  const through = (extra: Record<string, TemplateResource> = {}) => fixed({
    AuditorAB12: { Type: 'AWS::IAM::User', Metadata: meta('Auditor/Resource'), Properties: { Groups: [{ Ref: 'Readers' }] } },
    Readers: { Type: 'AWS::IAM::Group', Properties: { Policies: [{ PolicyName: 'read', PolicyDocument: doc(allow('s3:GetObject', OBJECTS)) }] } },
    ...extra,
  });
  test('Compliance: through a group', () => expect(run(check, through())).toMatchObject({ status: 'pass' }));
  test('Noncompliance: an inline policy, an AWS::IAM::UserPolicy, a bucket policy naming the user', () => {
    expect(run(check, BASELINE)).toMatchObject({ status: 'fail', message: expect.stringContaining('Auditor still has a policy of its own: inline policy own') });
    expect(run(check, through({ UP: { Type: 'AWS::IAM::UserPolicy', Properties: { UserName: { Ref: 'AuditorAB12' }, PolicyName: 'x', PolicyDocument: doc(allow('s3:GetObject', OBJECTS)) } } }))).toMatchObject({ status: 'fail', message: expect.stringContaining('AWS::IAM::UserPolicy UP') });
    expect(run(check, through({ BP: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'BucketAB12' }, PolicyDocument: doc(allow('s3:GetObject', OBJECTS, { Principal: { AWS: { 'Fn::GetAtt': ['AuditorAB12', 'Arn'] } } })) } } }))).toMatchObject({
      status: 'fail', message: expect.stringContaining('Auditor is granted directly by bucket policy BP'),
    });
  });
});

describe('iamOnlyWhen', () => {
  const check = iamOnlyWhen('tagged', 'JobRole', ['s3:PutObject'], { Null: { 'aws:ResourceTag/team': 'false' } }, 'tagged objects');
  const withCondition = (condition: Record<string, unknown> | undefined) => fixed({ JobRolePolicyAB12: rolePolicy('JobRole', 'JobRoleAB12', allow('s3:PutObject', OBJECTS, condition ? { Condition: condition } : {})) });
  test.each<[string, Record<string, unknown> | undefined, string]>([
    ['StringLike ?*', { StringLike: { 'aws:ResourceTag/team': '?*' } }, 'pass'],
    ['StringEquals a value', { StringEquals: { 'aws:ResourceTag/team': 'jobs' } }, 'pass'],
    ['no condition', undefined, 'fail'],
    ['Null true (every untagged object)', { Null: { 'aws:ResourceTag/team': 'true' } }, 'fail'],
    ['ForAllValues on request tag keys', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }, 'fail'],
  ])('%s: %s', (_name, condition, status) => {
    expect(run(check, withCondition(condition)).status).toBe(status);
  });
});

describe('identities', () => {
  test('a template synthesized for another grading identity compares with the baseline once both are normalised', () => {
    const identity = { student: 'mia-42x', account: '123456789012', region: 'eu-west-3', expiresAt: '2031-01-01T00:00:00Z' };
    const baseline: TemplateJson = JSON.parse(JSON.stringify(BASELINE).replace('"JobRolePolicyAB12":{', '"X":{"Type":"AWS::IAM::Policy","Properties":{"PolicyName":"p","Roles":[{"Ref":"OpsRoleAB12"}],"PolicyDocument":{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::awswo-grader-reports/*"}]}}},"JobRolePolicyAB12":{'));
    const template: TemplateJson = JSON.parse(JSON.stringify(fixed()).replace('"JobRolePolicyAB12":{', '"X":{"Type":"AWS::IAM::Policy","Properties":{"PolicyName":"p","Roles":[{"Ref":"OpsRoleAB12"}],"PolicyDocument":{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::awswo-mia-42x-reports/*"}]}}},"JobRolePolicyAB12":{'));
    const evidence = { template, baseline, identity, environment: { account: 'unknown-account', region: 'unknown-region' } } as unknown as StaticEvidence;
    expect(only.run(evidence)).toMatchObject({ status: 'pass' });
    // Without the identity, the student name in the ARN reads as a new grant.
    expect(only.run({ ...evidence, identity: undefined } as unknown as StaticEvidence)).toMatchObject({ status: 'fail', message: expect.stringContaining('awswo-mia-42x-reports') });
  });
});
