import { display } from '../../../../lib/checks/iam/arn';
import { coveredBy, describeGrant, Grant, IamModel, isAdminGrant, isAdminManagedPolicyArn } from '../../../../lib/checks/iam/model';
import type { TemplateJson, TemplateResource } from '../../../../lib/model/template';

const meta = (p: string) => ({ 'aws:cdk:path': `Lab/${p}` });
const trust = (principal: unknown) => ({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: principal }] });
const doc = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const allow = (Action: unknown, Resource: unknown = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: unknown, Resource: unknown = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Deny', Action, Resource, ...extra });
const OBJECTS = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, '/*']] };
const BUCKET_ARN = { 'Fn::GetAtt': ['Bucket', 'Arn'] };

const role = (path: string, props: Record<string, unknown> = {}): TemplateResource => ({
  Type: 'AWS::IAM::Role', Metadata: meta(`${path}/Resource`), Properties: { AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }), ...props },
});
const policy = (type: string, props: Record<string, unknown>): TemplateResource => ({ Type: type, Properties: props });

function model(resources: Record<string, TemplateResource>, env = {}): IamModel {
  const template: TemplateJson = { Resources: { Bucket: { Type: 'AWS::S3::Bucket', Metadata: meta('Bucket/Resource') }, ...resources } };
  return new IamModel(template, env);
}
const grants = (m: IamModel, key: string): string[] => m.grantsOf(key).map((g) => `${g.action} ${display(g.resource)}`);
const objects = (m: IamModel) => `${m.main.values.arnOf('Bucket')}/reports/latest.txt`;

describe('every statement that reaches a principal', () => {
  test.each<[string, Record<string, TemplateResource>]>([
    ['an inline policy', { R: role('R', { Policies: [{ PolicyName: 'p', PolicyDocument: doc(allow('s3:GetObject', OBJECTS)) }] }) }],
    ['an AWS::IAM::Policy naming the role by Ref', { R: role('R'), P: policy('AWS::IAM::Policy', { PolicyName: 'p', Roles: [{ Ref: 'R' }], PolicyDocument: doc(allow('s3:GetObject', OBJECTS)) }) }],
    ['an AWS::IAM::Policy naming the role by its literal name', { R: role('R', { RoleName: 'report-job' }), P: policy('AWS::IAM::Policy', { PolicyName: 'p', Roles: ['report-job'], PolicyDocument: doc(allow('s3:GetObject', OBJECTS)) }) }],
    ['an AWS::IAM::RolePolicy', { R: role('R'), P: policy('AWS::IAM::RolePolicy', { PolicyName: 'p', RoleName: { Ref: 'R' }, PolicyDocument: doc(allow('s3:GetObject', OBJECTS)) }) }],
    ['a customer managed policy attached through its Roles', { R: role('R'), M: policy('AWS::IAM::ManagedPolicy', { Roles: [{ Ref: 'R' }], PolicyDocument: doc(allow('s3:GetObject', OBJECTS)) }) }],
    ['a customer managed policy in ManagedPolicyArns', { R: role('R', { ManagedPolicyArns: [{ Ref: 'M' }] }), M: policy('AWS::IAM::ManagedPolicy', { PolicyDocument: doc(allow('s3:GetObject', OBJECTS)) }) }],
    ['a bucket policy naming the role\'s ARN', { R: role('R'), BP: policy('AWS::S3::BucketPolicy', { Bucket: { Ref: 'Bucket' }, PolicyDocument: doc(allow('s3:GetObject', OBJECTS, { Principal: { AWS: { 'Fn::GetAtt': ['R', 'Arn'] } } })) }) }],
    ['a bucket policy granting anyone', { R: role('R'), BP: policy('AWS::S3::BucketPolicy', { Bucket: { Ref: 'Bucket' }, PolicyDocument: doc(allow('s3:GetObject', OBJECTS, { Principal: '*' })) }) }],
  ])('%s', (_name, resources) => {
    const m = model(resources);
    expect(m.canDo('R', 's3:GetObject', objects(m)).result).toBe(true);
    expect(grants(m, 'R')).toContainEqual('s3:GetObject arn:aws:s3:::${Bucket}/*');
    expect(m.canDo('R', 's3:PutObject', objects(m)).result).toBe(false);
  });

  test('AWS managed policies, in every spelling of their ARN', () => {
    for (const arn of [
      'arn:aws:iam::aws:policy/AdministratorAccess',
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AdministratorAccess']] },
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess' },
    ]) {
      const m = model({ R: role('R', { ManagedPolicyArns: [arn] }) });
      expect(m.grantsOf('R').map((g) => [g.action, g.resource, g.awsManaged])).toEqual([['*', '*', 'AdministratorAccess']]);
    }
  });

  test('a managed policy neither the template nor the catalogue defines: what it grants cannot be judged', () => {
    const m = model({ R: role('R', { ManagedPolicyArns: ['arn:aws:iam::123456789012:policy/Helpdesk'] }) });
    expect(m.principal('R')!.unknownPolicies).toEqual(['arn:aws:iam::123456789012:policy/Helpdesk']);
    expect(m.canDo('R', 's3:GetObject', objects(m))).toMatchObject({ result: 'unknown' });
  });

  test('a user holds its groups\' statements: User.Groups and AWS::IAM::UserToGroupAddition', () => {
    const m = model({
      U: { Type: 'AWS::IAM::User', Properties: { Groups: [{ Ref: 'G1' }] } },
      G1: { Type: 'AWS::IAM::Group', Properties: { Policies: [{ PolicyName: 'p', PolicyDocument: doc(allow('s3:ListBucket', BUCKET_ARN)) }] } },
      G2: { Type: 'AWS::IAM::Group' },
      Add: policy('AWS::IAM::UserToGroupAddition', { GroupName: { Ref: 'G2' }, Users: [{ Ref: 'U' }] }),
      GP: policy('AWS::IAM::GroupPolicy', { GroupName: { Ref: 'G2' }, PolicyName: 'p', PolicyDocument: doc(allow('s3:GetObject', OBJECTS)) }),
    });
    expect(m.canDo('U', 's3:ListBucket', m.main.values.arnOf('Bucket')!).result).toBe(true);
    expect(m.canDo('U', 's3:GetObject', objects(m)).result).toBe(true);
    expect(m.principal('U')!.ownSources).toEqual([]);
  });
});

describe('boundaries, denies, NotAction and NotResource', () => {
  const boundary = (statements: unknown[]) => ({ B: policy('AWS::IAM::ManagedPolicy', { PolicyDocument: doc(...statements) }) });

  test('a boundary is a ceiling: the grant narrows to what both allow', () => {
    const m = model({ R: role('R', { PermissionsBoundary: { Ref: 'B' }, Policies: [{ PolicyName: 'p', PolicyDocument: doc(allow('*')) }] }), ...boundary([allow('s3:*', OBJECTS)]) });
    expect(grants(m, 'R')).toEqual(['s3:* arn:aws:s3:::${Bucket}/*']);
    expect(m.canDo('R', 'ec2:RunInstances', '*').result).toBe(false);
    expect(m.canDo('R', 's3:GetObject', objects(m)).result).toBe(true);
  });

  test('left out of the query (the guardrail\'s boundary is not the student\'s fix)', () => {
    const m = model({ R: role('R', { PermissionsBoundary: { Ref: 'B' }, Policies: [{ PolicyName: 'p', PolicyDocument: doc(allow('*')) }] }), ...boundary([allow('s3:*', OBJECTS)]) });
    expect(m.grantsOf('R', { ignoreBoundaries: new Set(['B']) }).map((g) => g.action)).toEqual(['*']);
  });

  test('a boundary the template does not define: a need cannot be judged', () => {
    const m = model({ R: role('R', { PermissionsBoundary: 'arn:aws:iam::123456789012:policy/Outside', Policies: [{ PolicyName: 'p', PolicyDocument: doc(allow('s3:GetObject', OBJECTS)) }] }) });
    expect(m.canDo('R', 's3:GetObject', objects(m)).result).toBe('unknown');
  });

  test('an explicit deny wins; a deny that always applies is taken out of the grants', () => {
    const m = model({ R: role('R', { Policies: [{ PolicyName: 'p', PolicyDocument: doc(allow('s3:*', OBJECTS), deny('s3:Delete*', OBJECTS)) }] }) });
    expect(m.canDo('R', 's3:DeleteObject', objects(m)).result).toBe(false);
    expect(m.canDo('R', 's3:GetObject', objects(m)).result).toBe(true);
    expect(m.grantsOf('R')[0].actionExcept).toEqual(['s3:Delete*']);
  });

  test('Allow * with Deny NotAction leaves exactly the named actions', () => {
    const m = model({ R: role('R', { Policies: [{ PolicyName: 'p', PolicyDocument: doc(allow('*', OBJECTS), { Effect: 'Deny', NotAction: ['s3:GetObject', 's3:PutObject'], Resource: '*' }) }] }) });
    expect(grants(m, 'R').sort()).toEqual(['s3:GetObject arn:aws:s3:::${Bucket}/*', 's3:PutObject arn:aws:s3:::${Bucket}/*']);
  });

  test('NotAction grants everything else; NotResource every other resource', () => {
    const m = model({ R: role('R', { Policies: [{ PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) }] }) });
    expect(m.canDo('R', 'ec2:TerminateInstances', '*').result).toBe(true);
    expect(m.canDo('R', 'iam:CreateUser', '*').result).toBe(false);
    expect(m.grantsOf('R').map((g) => [g.negated, g.action, g.actionExcept])).toEqual([[true, '*', ['iam:*']]]);
    const n = model({ R: role('R', { Policies: [{ PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'sqs:*', NotResource: 'arn:aws:sqs:*:*:secret' }) }] }) });
    expect(n.canDo('R', 'sqs:SendMessage', 'arn:aws:sqs:eu-west-1:123456789012:orders').result).toBe(true);
    expect(n.canDo('R', 'sqs:SendMessage', 'arn:aws:sqs:eu-west-1:123456789012:secret').result).toBe(false);
    expect(n.grantsOf('R').map((g) => [g.resource, g.resourceExcept])).toEqual([['*', ['arn:aws:sqs:*:*:secret']]]);
  });

  test('a deny whose condition cannot be judged leaves a need undecided', () => {
    const m = model({ R: role('R', { Policies: [{ PolicyName: 'p', PolicyDocument: doc(allow('s3:GetObject', OBJECTS), deny('s3:*', '*', { Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } })) }] }) });
    expect(m.canDo('R', 's3:GetObject', objects(m)).result).toBe(false);
    const m2 = model({ R: role('R', { Policies: [{ PolicyName: 'p', PolicyDocument: doc(allow('s3:GetObject', OBJECTS), deny('s3:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })) }] }) });
    expect(m2.canDo('R', 's3:GetObject', objects(m2))).toMatchObject({ result: 'unknown', reason: expect.stringContaining('aws:sourceip') });
  });
});

describe('resource policies that must allow, and role assumption', () => {
  test('a KMS key policy: identity policies count only where it delegates to the account', () => {
    const key = (principal: unknown) => ({ Type: 'AWS::KMS::Key', Properties: { KeyPolicy: doc(allow('kms:*', '*', { Principal: principal })) } });
    const id = { Policies: [{ PolicyName: 'p', PolicyDocument: doc(allow('kms:Decrypt', { 'Fn::GetAtt': ['K', 'Arn'] })) }] };
    const delegated = model({ R: role('R', id), K: key({ AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } }) });
    expect(delegated.canDo('R', 'kms:Decrypt', delegated.main.values.arnOf('K')!).result).toBe(true);
    const closed = model({ R: role('R', id), K: key({ Service: 'logs.amazonaws.com' }) });
    expect(closed.canDo('R', 'kms:Decrypt', closed.main.values.arnOf('K')!).result).toBe(false);
    const direct = model({ R: role('R'), K: key({ AWS: { 'Fn::GetAtt': ['R', 'Arn'] } }) });
    expect(direct.canDo('R', 'kms:Decrypt', direct.main.values.arnOf('K')!).result).toBe(true);
    expect(grants(direct, 'R')).toEqual(['kms:* arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${K}']);
  });

  test.each<[string, Record<string, TemplateResource>, string, string]>([
    ['a Lambda permission', {
      F: { Type: 'AWS::Lambda::Function', Properties: { Role: 'x' } },
      P: policy('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['F', 'Arn'] }, Principal: { 'Fn::GetAtt': ['R', 'Arn'] } }),
    }, 'lambda:InvokeFunction', 'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${F}'],
    ['a queue policy', {
      Q: { Type: 'AWS::SQS::Queue' },
      P: policy('AWS::SQS::QueuePolicy', { Queues: [{ Ref: 'Q' }], PolicyDocument: doc(allow('sqs:SendMessage', { 'Fn::GetAtt': ['Q', 'Arn'] }, { Principal: { AWS: { 'Fn::GetAtt': ['R', 'Arn'] } } })) }),
    }, 'sqs:SendMessage', 'arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:${Q.QueueName}'],
    ['a secret\'s resource policy', {
      S: { Type: 'AWS::SecretsManager::Secret' },
      P: policy('AWS::SecretsManager::ResourcePolicy', { SecretId: { Ref: 'S' }, ResourcePolicy: doc(allow('secretsmanager:GetSecretValue', '*', { Principal: { AWS: { 'Fn::GetAtt': ['R', 'Arn'] } } })) }),
    }, 'secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${S.SecretId}'],
    ['a topic policy', {
      T: { Type: 'AWS::SNS::Topic' },
      P: policy('AWS::SNS::TopicPolicy', { Topics: [{ Ref: 'T' }], PolicyDocument: doc(allow('sns:Publish', { Ref: 'T' }, { Principal: { AWS: { 'Fn::GetAtt': ['R', 'Arn'] } } })) }),
    }, 'sns:Publish', 'arn:aws:sns:${AWS::Region}:${AWS::AccountId}:${T.TopicName}'],
  ])('%s grants the role it names, on its own resource only', (_name, resources, action, resource) => {
    const m = model({ R: role('R'), ...resources });
    expect(grants(m, 'R')).toContainEqual(`${action} ${resource}`);
    expect(grants(m, 'R').every((g) => !g.endsWith(' *'))).toBe(true);
  });

  test('the account as a principal grants no one by itself', () => {
    const m = model({ R: role('R'), BP: policy('AWS::S3::BucketPolicy', { Bucket: { Ref: 'Bucket' }, PolicyDocument: doc(allow('s3:*', OBJECTS, { Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } } })) }) });
    expect(m.canDo('R', 's3:GetObject', objects(m)).result).toBe(false);
    expect(grants(m, 'R')).toEqual([]);
  });

  test('a role holds what it gets by assuming a role that trusts it', () => {
    const m = model({
      Low: role('Low', { Policies: [{ PolicyName: 'p', PolicyDocument: doc(allow('sts:AssumeRole', { 'Fn::GetAtt': ['High', 'Arn'] })) }] }),
      High: role('High', { AssumeRolePolicyDocument: trust({ AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }), ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] }),
      Other: role('Other', { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] }),
    });
    expect(m.grantsOf('Low').map((g) => g.source)).toContain('by assuming High: AWS managed policy AdministratorAccess');
    // Other trusts lambda.amazonaws.com only: its trust policy must allow, whatever Low's policy says.
    expect(m.grantsOf('Low').map((g) => g.source).some((s) => s.includes('Other'))).toBe(false);
  });
});

describe('the identity each workload runs as', () => {
  test.each<[string, Record<string, TemplateResource>, string]>([
    ['a Lambda function', { F: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['R', 'Arn'] } } } }, 'F'],
    ['an EC2 instance through its instance profile', { IP: { Type: 'AWS::IAM::InstanceProfile', Properties: { Roles: [{ Ref: 'R' }] } }, I: { Type: 'AWS::EC2::Instance', Properties: { IamInstanceProfile: { Ref: 'IP' } } } }, 'I'],
    ['an Auto Scaling group through its launch template', {
      IP: { Type: 'AWS::IAM::InstanceProfile', Properties: { Roles: [{ Ref: 'R' }] } },
      LT: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { IamInstanceProfile: { Arn: { 'Fn::GetAtt': ['IP', 'Arn'] } } } } },
      ASG: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate: { LaunchTemplateId: { Ref: 'LT' }, Version: '1' } } },
    }, 'ASG'],
    ['an SSM Automation document through its assumeRole parameter default', { D: { Type: 'AWS::SSM::Document', Properties: { DocumentType: 'Automation', Content: { schemaVersion: '0.3', assumeRole: '{{ AutomationAssumeRole }}', parameters: { AutomationAssumeRole: { type: 'String', default: { 'Fn::GetAtt': ['R', 'Arn'] } } }, mainSteps: [] } } } }, 'D'],
    ['a Step Functions state machine', { S: { Type: 'AWS::StepFunctions::StateMachine', Properties: { RoleArn: { 'Fn::GetAtt': ['R', 'Arn'] } } } }, 'S'],
    ['an EventBridge Scheduler target', { S: { Type: 'AWS::Scheduler::Schedule', Properties: { Target: { Arn: 'x', RoleArn: { 'Fn::GetAtt': ['R', 'Arn'] } } } } }, 'S'],
    ['an ECS task (any property named *Role*)', { T: { Type: 'AWS::ECS::TaskDefinition', Properties: { TaskRoleArn: { 'Fn::GetAtt': ['R', 'Arn'] } } } }, 'T'],
    ['a CodeBuild project', { P: { Type: 'AWS::CodeBuild::Project', Properties: { ServiceRole: { 'Fn::GetAtt': ['R', 'Arn'] } } } }, 'P'],
  ])('%s', (_name, resources, workload) => {
    const m = model({ R: role('R'), ...resources });
    expect(m.runsAs(workload).map((r) => r.principal)).toEqual(['R']);
    expect(m.workloadsOf('R').map((w) => w.logicalId)).toContain(workload);
  });
  test('a role the template does not define is recorded by its ARN', () => {
    const m = model({ F: { Type: 'AWS::Lambda::Function', Properties: { Role: 'arn:aws:iam::123456789012:role/outside' } } });
    expect(m.runsAs('F').map((r) => r.principal)).toEqual(['arn:aws:iam::123456789012:role/outside']);
  });
});

describe('Fn::If: a grant in any branch counts, a need must hold in every branch', () => {
  const m = () => model({
    R: role('R', { Policies: [{ PolicyName: 'p', PolicyDocument: doc(allow({ 'Fn::If': ['Wide', '*', 's3:GetObject'] }, OBJECTS), { 'Fn::If': ['Reads', allow('s3:ListBucket', BUCKET_ARN), { Ref: 'AWS::NoValue' }] }) }] }),
  });
  test('grants', () => {
    expect([...new Set(m().grantsOf('R').map((g) => g.action))].sort()).toEqual(['*', 's3:GetObject', 's3:ListBucket']);
    expect(m().grantsOf('R').find((g) => g.action === '*')!.source).toContain('Wide=true');
  });
  test('needs', () => {
    const x = m();
    expect(x.canDo('R', 's3:GetObject', objects(x)).result).toBe(true);
    expect(x.canDo('R', 's3:ListBucket', x.main.values.arnOf('Bucket')!)).toMatchObject({ result: false, branch: expect.stringContaining('Reads=false') });
  });
});

describe('conditions in grants and needs', () => {
  const TAGGED = (block: Record<string, unknown>) => model({ R: role('R', { Policies: [{ PolicyName: 'p', PolicyDocument: doc(allow('ec2:StopInstances', 'arn:aws:ec2:*:*:instance/*', { Condition: block })) }] }) });
  const INSTANCE = 'arn:aws:ec2:eu-west-1:123456789012:instance/i-1';
  test('a need states the resource\'s tags; a tag it does not state is absent', () => {
    const m = TAGGED({ StringLike: { 'aws:ResourceTag/group': '?*' } });
    expect(m.canDo('R', 'ec2:StopInstances', INSTANCE, new Map([['aws:ResourceTag/group', ['web']]])).result).toBe(true);
    expect(m.canDo('R', 'ec2:StopInstances', INSTANCE).result).toBe(false);
  });
  test('Null on the tag grants on every untagged instance', () => {
    const m = TAGGED({ Null: { 'aws:ResourceTag/group': 'true' } });
    expect(m.canDo('R', 'ec2:StopInstances', INSTANCE).result).toBe(true);
    const envelope = [{ actions: ['ec2:StopInstances'], resources: ['arn:*:ec2:*:*:instance/*'], condition: [{ operator: 'Null', key: 'aws:resourcetag/group', values: ['false'] }] }];
    expect(coveredBy(m.grantsOf('R')[0], envelope, m.baseContext('R'))).toMatchObject({ covered: false });
  });
  test('a grant that applies only to some requests (a source ARN, plain HTTP) still counts as granted', () => {
    for (const condition of [{ Null: { 'aws:SourceArn': 'false' } }, { Bool: { 'aws:SecureTransport': 'false' } }]) {
      const m = model({ R: role('R', { Policies: [{ PolicyName: 'p', PolicyDocument: doc(allow('*', '*', { Condition: condition })) }] }) });
      expect(m.grantsOf('R').map((g) => g.action)).toEqual(['*']);
      expect(coveredBy(m.grantsOf('R')[0], [{ actions: ['s3:GetObject'], resources: ['*'] }], m.baseContext('R')).covered).toBe(false);
    }
  });
  test('a condition on the principal is judged with what the template says about it', () => {
    const m = model({
      R: role('R', { Tags: [{ Key: 'team', Value: 'ops' }] }),
      BP: policy('AWS::S3::BucketPolicy', { Bucket: { Ref: 'Bucket' }, PolicyDocument: doc(allow('s3:GetObject', OBJECTS, { Principal: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } })) }),
    });
    expect(m.canDo('R', 's3:GetObject', objects(m)).result).toBe(true);
    expect(m.canDo('*', 's3:GetObject', objects(m)).result).toBe(false);
  });
});

describe('envelopes and admin-equivalent grants', () => {
  const grant = (action: string, resource: string, extra: Partial<Grant> = {}): Grant => ({ action, actionExcept: [], resource, resourceExcept: [], condition: [], source: 'test', negated: false, writtenAction: action, ...extra });
  const envelope = [{ actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::b/*'] }];
  test.each<[string, Grant, boolean]>([
    ['the allowed pair', grant('s3:GetObject', 'arn:aws:s3:::b/*'), true],
    ['a narrower prefix', grant('s3:getobject', 'arn:aws:s3:::b/reports/*'), true],
    ['a service wildcard', grant('s3:*', 'arn:aws:s3:::b/*'), false],
    ['a wider resource', grant('s3:GetObject', '*'), false],
    ['another bucket', grant('s3:GetObject', 'arn:aws:s3:::c/*'), false],
    ['NotAction', grant('*', 'arn:aws:s3:::b/*', { actionExcept: ['iam:*'], negated: true }), false],
    ['s3:* with everything but the two actions denied', grant('s3:*', 'arn:aws:s3:::b/*', { actionExcept: ['s3:Delete*', 's3:List*'] }), false],
  ])('%s', (_name, g, want) => {
    expect(coveredBy(g, envelope, new Map()).covered).toBe(want);
  });
  test('admin-equivalent: every action on everything, or an escalation action on any role', () => {
    const prefix = 'arn:aws:iam::123456789012:';
    expect(isAdminGrant(grant('*', '*'), prefix)).toBe(true);
    expect(isAdminGrant(grant('*', '*', { actionExcept: ['iam:*', 'organizations:*'] }), prefix)).toBe(true);
    expect(isAdminGrant(grant('iam:*', '*'), prefix)).toBe(true);
    expect(isAdminGrant(grant('iam:PutRolePolicy', `${prefix}role/*`), prefix)).toBe(true);
    expect(isAdminGrant(grant('s3:*', '*'), prefix)).toBe(false);
    expect(isAdminGrant(grant('*', 'arn:aws:s3:::b/*'), prefix)).toBe(false);
  });
  test('AWS managed policies judged on their documents', () => {
    expect(['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess'].map((n) => isAdminManagedPolicyArn(`arn:aws:iam::aws:policy/${n}`))).toEqual([true, true, true]);
    expect(['ReadOnlyAccess', 'AmazonS3ReadOnlyAccess'].map((n) => isAdminManagedPolicyArn(`arn:aws:iam::aws:policy/${n}`))).toEqual([false, false]);
    expect(isAdminManagedPolicyArn('arn:aws:iam::123456789012:policy/AdministratorAccess')).toBe(false);
  });
  test('a grant reads as a sentence', () => {
    expect(describeGrant(grant('s3:GetObject', 'arn:aws:s3:::b/*'))).toBe('s3:GetObject on arn:aws:s3:::b/* (test)');
  });
});
