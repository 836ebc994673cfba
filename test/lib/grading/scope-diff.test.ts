import * as fs from 'fs';
import * as path from 'path';
import { scopeDiff } from '../../../lib/grading/scope-diff';
import type { TemplateJson, TemplateResource } from '../../../lib/model/template';
import { BASELINE_IDENTITY } from '../../../lib/sandbox/identity';

const GRADING_STUDENT = BASELINE_IDENTITY.student;
const GRADING_EXPIRES_AT = BASELINE_IDENTITY.expiresAt;
import { tagPropertyOf } from '../../../lib/template/taggable';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** A real pristine baseline, guardrails included: the iam-wildcard-role lab. */
const REAL: TemplateJson = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../drills/02-iam/iam-wildcard-role/baseline.template.json'), 'utf8'));
const idOf = (t: TemplateJson, p: string) => Object.entries(t.Resources!).find(([, r]) => String(r.Metadata?.['aws:cdk:path']).endsWith(`/${p}`))![0];
const BOUNDARY = idOf(REAL, 'AwswoGuardrails/PermissionsBoundary/Resource');
const TAGS = REAL.Resources![idOf(REAL, 'OpsRole/Resource')].Properties!.Tags;
const guardrails = Object.fromEntries(Object.entries(REAL.Resources!).filter(([, r]) => String(r.Metadata?.['aws:cdk:path']).includes('/AwswoGuardrails/')));

/** A lab resource as the guardrails leave it: tagged when its type is taggable, with the boundary when it is a role or user. */
const res = (type: string, p: string, props: Record<string, unknown> = {}): TemplateResource => {
  const extra: Record<string, unknown> = {};
  const tags = tagPropertyOf(type);
  if (tags) extra[tags.property] = tags.variant === 'map' ? Object.fromEntries(TAGS.map((x: any) => [x.Key, x.Value])) : TAGS;
  if (type === 'AWS::IAM::Role' || type === 'AWS::IAM::User') extra.PermissionsBoundary = { Ref: BOUNDARY };
  return { Type: type, Properties: { ...props, ...extra }, Metadata: { 'aws:cdk:path': `Stack/${p}` } };
};

const baseline: TemplateJson = {
  Resources: {
    ...clone(guardrails),
    Db: res('AWS::RDS::DBInstance', 'Db/Resource', { DBInstanceClass: 'db.t3.micro', StorageEncrypted: false }),
    Role: res('AWS::IAM::Role', 'Role/Resource', { Description: 'x' }),
    RolePolicy: res('AWS::IAM::Policy', 'Role/DefaultPolicy/Resource', { PolicyName: 'p' }),
    Eip: res('AWS::EC2::EIP', 'IdleIp'),
  },
};
const copy = (): TemplateJson => clone(baseline);
const real = (): TemplateJson => clone(REAL);

describe('scopeDiff', () => {
  test('no change, no violation', () => {
    expect(scopeDiff(baseline, copy())).toEqual({ changes: [], violations: [], findings: [] });
    expect(scopeDiff(REAL, real())).toEqual({ changes: [], violations: [], findings: [] });
  });
  test('metadata-only differences are not changes', () => {
    const t = copy();
    t.Resources!.Role.Metadata = { 'aws:cdk:path': 'Stack/Role/Resource', other: 1 };
    expect(scopeDiff(baseline, t).changes).toEqual([]);
  });
  test('an in-place update is listed with its properties and is in scope', () => {
    const t = copy();
    t.Resources!.Db.Properties!.DBInstanceClass = 'db.t3.small';
    const r = scopeDiff(baseline, t);
    expect(r.changes).toEqual([expect.objectContaining({ constructId: 'Db', kind: 'updated', properties: ['DBInstanceClass'] })]);
    expect(r.violations).toEqual([]);
  });
  test('replacing a stateful resource is a violation unless the drill allows it', () => {
    const t = copy();
    t.Resources!.Db.Properties!.StorageEncrypted = true;
    expect(scopeDiff(baseline, t).violations).toEqual([expect.stringContaining('Db (AWS::RDS::DBInstance) would be replaced (StorageEncrypted changed)')]);
    expect(scopeDiff(baseline, t, { mayReplace: ['Db'] }).violations).toEqual([]);
  });
  test('deleting a resource is a violation; deleting a policy is not', () => {
    const t = copy();
    delete t.Resources!.Role;
    delete t.Resources!.RolePolicy;
    const r = scopeDiff(baseline, t);
    expect(r.violations).toEqual(['Role (AWS::IAM::Role) was deleted: fix the resource instead of removing it']);
    expect(r.changes.map((c) => `${c.kind} ${c.constructId}`).sort()).toEqual(['removed Role', 'removed Role']);
  });
  test('a drill may allow removing a trap resource', () => {
    const t = copy();
    delete t.Resources!.Eip;
    expect(scopeDiff(baseline, t, { mayRemove: ['IdleIp'] }).violations).toEqual([]);
    expect(scopeDiff(baseline, t).violations).toHaveLength(1);
  });
  test('a change takes its construct id from the baseline, not from the metadata the lab writes', () => {
    const t = copy();
    t.Resources!.Db.Properties!.DBInstanceClass = 'db.t3.small';
    t.Resources!.Db.Metadata = { 'aws:cdk:path': 'Stack/SomethingElse/Resource' };
    expect(scopeDiff(baseline, t).changes).toEqual([expect.objectContaining({ logicalId: 'Db', constructId: 'Db' })]);
  });
});

describe('scopeDiff in-place properties', () => {
  test('a property the spec marks as a (conditional) replacement can be declared in place for a drill', () => {
    const t = copy();
    t.Resources!.Db.Properties!.StorageEncrypted = true;
    const r = scopeDiff(baseline, t, { inPlace: { Db: ['StorageEncrypted'] } });
    expect(r.violations).toEqual([]);
    expect(r.changes).toEqual([expect.objectContaining({ constructId: 'Db', kind: 'updated' })]);
  });
  test('a replacement names the property that causes it', () => {
    const t = copy();
    t.Resources!.Db.Properties!.StorageEncrypted = true;
    t.Resources!.Db.Properties!.DBInstanceClass = 'db.t3.small';
    expect(scopeDiff(baseline, t).changes).toEqual([expect.objectContaining({ kind: 'replaced', replacedBy: ['StorageEncrypted'] })]);
  });
});

describe('scopeDiff rules by path', () => {
  test('mayRemove may name a path below a construct, and then allows only that', () => {
    const t = copy();
    t.Resources!.Nat = res('AWS::EC2::NatGateway', 'Vpc/edgeSubnet2/NATGateway');
    t.Resources!.Subnet = res('AWS::EC2::Subnet', 'Vpc/edgeSubnet2/Subnet');
    const withNat: TemplateJson = clone(t);
    delete t.Resources!.Nat;
    delete t.Resources!.Subnet;
    const r = scopeDiff(withNat, t, { mayRemove: ['Vpc/edgeSubnet2/NATGateway'] });
    expect(r.violations).toEqual(['Vpc/edgeSubnet2/Subnet (AWS::EC2::Subnet) was deleted: fix the resource instead of removing it']);
  });
});

describe('scopeDiff: the guardrails are in scope', () => {
  const guardrail = (t: TemplateJson, p: string) => t.Resources![idOf(REAL, p)];

  test('guardrail resources are not changes a runbook must record', () => {
    const t = real();
    t.Resources![idOf(REAL, 'OpsRole/Resource')].Properties!.Tags = [...TAGS, { Key: 'owner', Value: 'me' }];
    guardrail(t, 'AwswoGuardrails/BudgetAlerts/Resource').Properties!.Tags = [...TAGS, { Key: 'owner', Value: 'me' }];
    const r = scopeDiff(REAL, t);
    expect(r.changes.map((c) => c.constructId)).toEqual(['OpsRole']);
    expect(r.violations).toEqual([]);
  });

  test.each([
    ['the budget removed', (t: TemplateJson) => { delete t.Resources![idOf(REAL, 'AwswoGuardrails/Budget')]; }, /the guardrail AwswoGuardrails\/Budget \(AWS::Budgets::Budget\) was removed/],
    ['the expiry schedule removed', (t: TemplateJson) => { delete t.Resources![idOf(REAL, 'AwswoGuardrails/ExpirySchedule')]; }, /AwswoGuardrails\/ExpirySchedule .* was removed/],
    ['the budget raised', (t: TemplateJson) => { guardrail(t, 'AwswoGuardrails/Budget').Properties!.Budget.BudgetLimit.Amount = 10000; }, /AwswoGuardrails\/Budget .* was changed \(Budget\)/],
    ['the expiry postponed', (t: TemplateJson) => { guardrail(t, 'AwswoGuardrails/ExpirySchedule').Properties!.ScheduleExpression = 'at(2099-01-01T00:00:00)'; }, /ExpirySchedule .* was changed \(ScheduleExpression\)/],
    ['the expiry schedule disabled', (t: TemplateJson) => { guardrail(t, 'AwswoGuardrails/ExpirySchedule').Properties!.State = 'DISABLED'; }, /ExpirySchedule .* was changed \(State\)/],
    ['the boundary document widened', (t: TemplateJson) => { guardrail(t, 'AwswoGuardrails/PermissionsBoundary/Resource').Properties!.PolicyDocument.Statement.splice(1, 1); }, /PermissionsBoundary .* was changed \(PolicyDocument\)/],
    ['the budget topic policy dropped', (t: TemplateJson) => { delete t.Resources![idOf(REAL, 'AwswoGuardrails/BudgetAlerts/Policy/Resource')]; }, /BudgetAlerts\/Policy .* was removed/],
    ['the expiry role retained on delete', (t: TemplateJson) => { guardrail(t, 'AwswoGuardrails/ExpiryRole/Resource').DeletionPolicy = 'Retain'; }, /ExpiryRole .* was changed \(DeletionPolicy\)/],
    ['a guardrail tag changed', (t: TemplateJson) => { guardrail(t, 'AwswoGuardrails/BudgetAlerts/Resource').Properties!.Tags = TAGS.map((x: any) => (x.Key === 'awswo:student' ? { ...x, Value: 'bob' } : x)); }, /BudgetAlerts .* was changed \(Tags\)/],
  ])('weakening a guardrail is a violation: %s', (_name, mutate, message) => {
    const t = real();
    mutate(t);
    expect(scopeDiff(REAL, t).violations).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test('an Aspect that strips the boundaries: every role and user, new ones too, keeps the guardrail boundary', () => {
    const t = real();
    delete t.Resources![idOf(REAL, 'OpsRole/Resource')].Properties!.PermissionsBoundary;
    t.Resources!.NewUser = res('AWS::IAM::User', 'Helper/Resource');
    t.Resources!.NewUser.Properties!.PermissionsBoundary = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const v = scopeDiff(REAL, t).violations;
    expect(v).toEqual(expect.arrayContaining([
      expect.stringMatching(/^OpsRole \(AWS::IAM::Role\) has no permissions boundary/),
      expect.stringMatching(/^Helper \(AWS::IAM::User\) has the permissions boundary arn:aws:iam::aws:policy\/AdministratorAccess/),
    ]));
  });

  test('every taggable resource keeps the four awswo:* tags, with the lab\'s values', () => {
    const t = real();
    const bucket = t.Resources![idOf(REAL, 'ReportsBucket/Bucket/Resource')];
    bucket.Properties!.Tags = TAGS.filter((x: any) => x.Key !== 'awswo:expires-at');
    t.Resources![idOf(REAL, 'ReportLogs/Resource')].Properties!.Tags = TAGS.map((x: any) => (x.Key === 'awswo:student' ? { ...x, Value: 'someone-else' } : x));
    delete t.Resources![idOf(REAL, 'OpsRole/Resource')].Properties!.Tags;
    const [violation] = scopeDiff(REAL, t).violations;
    expect(violation).toMatch(/^3 resource\(s\) lost the guardrail tags: /);
    expect(violation).toContain('ReportsBucket/Bucket (no awswo:expires-at)');
    expect(violation).toContain('ReportLogs (awswo:student is someone-else)');
    expect(violation).toContain('OpsRole (no awswo:drill, no awswo:module, no awswo:student, no awswo:expires-at)');
  });

  test('CDK\'s custom resource providers, untagged in the pristine lab, need no tags', () => {
    const provider = Object.keys(REAL.Resources!).find((id) => id.startsWith('CustomS3AutoDeleteObjectsCustomResourceProviderRole'))!;
    expect(REAL.Resources![provider].Properties!.Tags).toBeUndefined();
    expect(scopeDiff(REAL, real()).violations).toEqual([]);
  });

  test('a lab resource may not use or change a guardrail: a deny on the budget topic, a policy on the expiry role, the boundary as a grant', () => {
    const t = real();
    const topic = idOf(REAL, 'AwswoGuardrails/BudgetAlerts/Resource');
    const expiryRole = idOf(REAL, 'AwswoGuardrails/ExpiryRole/Resource');
    t.Resources!.Silence = res('AWS::SNS::TopicPolicy', 'Silence/Resource', { Topics: [{ Ref: topic }], PolicyDocument: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: '*' }] } });
    t.Resources!.NoDelete = res('AWS::IAM::Policy', 'NoDelete/Resource', { Roles: [{ Ref: expiryRole }], PolicyDocument: { Statement: [{ Effect: 'Deny', Action: 'cloudformation:DeleteStack', Resource: '*' }] } });
    t.Resources![idOf(REAL, 'OpsRole/Resource')].Properties!.ManagedPolicyArns = [{ Ref: BOUNDARY }];
    const v = scopeDiff(REAL, t).violations;
    expect(v).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Silence \(AWS::SNS::TopicPolicy\) uses the guardrail AwswoGuardrails\/BudgetAlerts in Topics/),
      expect.stringMatching(/^NoDelete \(AWS::IAM::Policy\) uses the guardrail AwswoGuardrails\/ExpiryRole in Roles/),
      expect.stringMatching(/^OpsRole \(AWS::IAM::Role\) uses the guardrail permissions boundary in ManagedPolicyArns/),
    ]));
  });

  test('a resource that only says it is part of the guardrails is not one of them', () => {
    const t = real();
    t.Resources!.Hidden = { Type: 'AWS::IAM::Role', Properties: { PermissionsBoundary: { Ref: BOUNDARY }, Tags: TAGS }, Metadata: { 'aws:cdk:path': 'Stack/AwswoGuardrails/Hidden/Resource' } };
    expect(scopeDiff(REAL, t).violations).toEqual([expect.stringMatching(/^Hidden \(AWS::IAM::Role\) says it is part of the guardrails/)]);
  });

  test('the grading identity is taken out: another student, expiry and account compare equal; a pinned region too', () => {
    const json = JSON.stringify(REAL)
      .split(GRADING_EXPIRES_AT).join('2031-05-06T07:08:09Z')
      .split(GRADING_EXPIRES_AT.replace(/Z$/, '')).join('2031-05-06T07:08:09')
      .replace(new RegExp(`\\b${GRADING_STUDENT}\\b`, 'g'), 'alice');
    const t: TemplateJson = JSON.parse(json);
    const policy = t.Resources![idOf(REAL, 'AwswoGuardrails/ExpiryRole/DefaultPolicy/Resource')].Properties!.PolicyDocument.Statement[0];
    policy.Resource = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudformation:eu-west-1:111122223333:stack/awswo-alice-iam-wildcard-role/*']] };
    const identities = {
      baseline: { student: GRADING_STUDENT, expiresAt: GRADING_EXPIRES_AT },
      attempt: { student: 'alice', expiresAt: '2031-05-06T07:08:09Z' },
    };
    expect(scopeDiff(REAL, t, {}, { identities, pinnedAccount: '111122223333' }).violations).toEqual([]);
    // Without taking the identity out, every guardrail differs.
    expect(scopeDiff(REAL, t).violations.length).toBeGreaterThan(3);
  });

  test('no ingress wider than the allowed CIDR, no IPv6, no prefix list, literal CIDRs only', () => {
    const t = real();
    t.Resources!.Sg = res('AWS::EC2::SecurityGroup', 'Sg/Resource', { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }] });
    t.Resources!.Rule6 = res('AWS::EC2::SecurityGroupIngress', 'Sg/v6', { GroupId: { Ref: 'Sg' }, IpProtocol: '-1', CidrIpv6: '::/0' });
    t.Resources!.RuleList = res('AWS::EC2::SecurityGroupIngress', 'Sg/list', { GroupId: { Ref: 'Sg' }, IpProtocol: '-1', SourcePrefixListId: 'pl-12345678' });
    t.Resources!.RuleRef = res('AWS::EC2::SecurityGroupIngress', 'Sg/ref', { GroupId: { Ref: 'Sg' }, IpProtocol: '-1', CidrIp: { Ref: 'SomeParameter' } });
    const v = scopeDiff(REAL, t).violations.join('\n');
    expect(v).toContain('Sg admits 0.0.0.0/0, but the lab was given no allowed CIDR');
    expect(v).toContain('Sg/v6 admits IPv6 ::/0');
    expect(v).toContain('Sg/list admits the prefix list pl-12345678');
    expect(v).toContain('Sg/ref admits ${SomeParameter}: an ingress CIDR must be a literal');
    const within = real();
    within.Resources!.Sg = res('AWS::EC2::SecurityGroup', 'Sg/Resource', { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '203.0.113.0/25' }] });
    const identities = { baseline: { student: GRADING_STUDENT, expiresAt: GRADING_EXPIRES_AT }, attempt: { student: GRADING_STUDENT, expiresAt: GRADING_EXPIRES_AT, allowedCidr: '203.0.113.0/24' } };
    expect(scopeDiff(REAL, within, {}, { identities }).violations).toEqual([]);
    within.Resources!.Sg.Properties!.SecurityGroupIngress[0].CidrIp = '203.0.0.0/16';
    expect(scopeDiff(REAL, within, {}, { identities }).violations).toEqual([expect.stringContaining('wider than the allowed CIDR 203.0.113.0/24')]);
  });
});

describe('scopeDiff: what changes resources after deploy is out of scope', () => {
  const fn = (id: string) => res('AWS::Lambda::Function', `${id}/Resource`, { Handler: 'index.handler', Runtime: 'nodejs22.x', Code: { ZipFile: 'revert the fix' }, Role: { 'Fn::GetAtt': [`${id}Role`, 'Arn'] } });
  const withFn = (t: TemplateJson, id = 'Reverter') => { t.Resources![id] = fn(id); return t; };

  test('a hand-made custom resource, backed by the lab\'s own function', () => {
    const t = withFn(real());
    t.Resources!.Revert = { Type: 'Custom::Revert', Properties: { ServiceToken: { 'Fn::GetAtt': ['Reverter', 'Arn'] } }, Metadata: { 'aws:cdk:path': 'Stack/Revert/Default' } };
    const r = scopeDiff(REAL, t);
    expect(r.violations).toEqual([expect.stringMatching(/^Revert\/Default \(Custom::Revert\) is a custom resource: it runs the function Reverter, as ReverterRole: it may change whatever that role can; the fix may not add/)]);
    expect(r.findings).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'custom-resource', logicalId: 'Revert' })]));
    // ... unless the drill allows it.
    expect(scopeDiff(REAL, t, { mayAdd: ['Custom::Revert'] }).violations).toEqual([]);
  });

  test('an AwsCustomResource names the API it calls', () => {
    const t = real();
    t.Resources!.Undo = {
      Type: 'Custom::AWS',
      Properties: { ServiceToken: { 'Fn::GetAtt': ['AWS679f53fac002430cb0da5b7982bd22872D164C4C', 'Arn'] }, Create: '{"service":"IAM","action":"attachRolePolicy","parameters":{}}' },
      Metadata: { 'aws:cdk:path': 'Stack/Undo/Resource/Default' },
    };
    expect(scopeDiff(REAL, t).violations).toEqual([expect.stringContaining('it calls IAM.attachRolePolicy after deploy (AwsCustomResource)')]);
  });

  test('a fake Custom::S3AutoDeleteObjects pointing at the lab\'s own function fails, even where the drill allows custom resources', () => {
    const t = withFn(real());
    t.Resources!.Fake = { Type: 'Custom::S3AutoDeleteObjects', Properties: { ServiceToken: { 'Fn::GetAtt': ['Reverter', 'Arn'] }, BucketName: 'x' }, Metadata: { 'aws:cdk:path': 'Stack/Fake/Default' } };
    const v = scopeDiff(REAL, t, { mayAdd: ['Custom::S3AutoDeleteObjects'] }).violations;
    expect(v).toEqual([expect.stringContaining('Fake (Custom::S3AutoDeleteObjects) is not CDK\'s own: its ServiceToken points at Reverter, whose code differs from the handler CDK generates')]);
  });

  test('CDK\'s own handler, with its code replaced, is a fake stand-in', () => {
    const t = real();
    const handler = Object.keys(REAL.Resources!).find((id) => id.startsWith('CustomS3AutoDeleteObjectsCustomResourceProviderHandler'))!;
    t.Resources![handler].Properties!.Code = { ZipFile: 'exports.handler = async () => { /* revert */ }' };
    const v = scopeDiff(REAL, t).violations;
    expect(v).toEqual(expect.arrayContaining([expect.stringContaining(`${handler} has the logical id of CDK's handler for Custom::S3AutoDeleteObjects, but not its code`)]));
  });

  test('CDK\'s own custom resources, as CDK generates them, are in scope', () => {
    // The pristine lab already has Custom::S3AutoDeleteObjects; a second one on a new bucket uses the same genuine handler.
    const t = real();
    const handler = Object.keys(REAL.Resources!).find((id) => id.startsWith('CustomS3AutoDeleteObjectsCustomResourceProviderHandler'))!;
    t.Resources!.SecondAutoDelete = { Type: 'Custom::S3AutoDeleteObjects', Properties: { ServiceToken: { 'Fn::GetAtt': [handler, 'Arn'] }, BucketName: 'b2' }, Metadata: { 'aws:cdk:path': 'Stack/Second/AutoDeleteObjectsCustomResource/Default' } };
    const r = scopeDiff(REAL, t);
    expect(r.violations).toEqual([]);
    expect(r.findings).toEqual([expect.objectContaining({ kind: 'cdk-custom-resource', logicalId: 'SecondAutoDelete' })]);
  });

  test.each([
    ['an EventBridge rule running a function', (t: TemplateJson) => { withFn(t); t.Resources!.Rule = res('AWS::Events::Rule', 'Rule/Resource', { ScheduleExpression: 'rate(5 minutes)', Targets: [{ Arn: { 'Fn::GetAtt': ['Reverter', 'Arn'] }, Id: 't' }] }); }, /^runs on the events or schedule of the rule Rule: it runs the function Reverter/],
    ['a schedule calling an API (universal target)', (t: TemplateJson) => { t.Resources!.Sched = res('AWS::Scheduler::Schedule', 'Sched', { ScheduleExpression: 'rate(1 hour)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: 'arn:aws:scheduler:::aws-sdk:iam:attachRolePolicy', RoleArn: 'x' } }); }, /^the schedule Sched calls iam:attachRolePolicy, as x: it may change whatever that role can/],
    ['an SSM association', (t: TemplateJson) => { t.Resources!.Assoc = res('AWS::SSM::Association', 'Assoc', { Name: 'AWS-RunShellScript' }); }, /^Assoc runs an SSM document/],
    ['an event source mapping to an actuator', (t: TemplateJson) => { withFn(t); t.Resources!.Esm = res('AWS::Lambda::EventSourceMapping', 'Esm', { FunctionName: { Ref: 'Reverter' }, EventSourceArn: 'arn:aws:sqs:us-east-1:111122223333:q' }); }, /^runs on the events of arn:aws:sqs.*: it runs the function Reverter/],
    ['a nested stack', (t: TemplateJson) => { t.Resources!.Nested = res('AWS::CloudFormation::Stack', 'Nested', { TemplateURL: 'https://example.com/t.json' }); }, /^Nested deploys a nested stack/],
    ['a wait condition', (t: TemplateJson) => { t.Resources!.Wait = res('AWS::CloudFormation::WaitCondition', 'Wait', { Count: 1, Timeout: '300' }); }, /^Wait holds the deployment/],
    ['an SNS subscription running a function', (t: TemplateJson) => { withFn(t); t.Resources!.Sub = res('AWS::SNS::Subscription', 'Sub', { Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': ['Reverter', 'Arn'] }, TopicArn: 'arn:aws:sns:us-east-1:111122223333:t' }); }, /^runs on every message of .*: it runs the function Reverter/],
    ['an alarm that invokes a function', (t: TemplateJson) => { withFn(t); t.Resources!.A = res('AWS::CloudWatch::Alarm', 'A/Resource', { AlarmActions: [{ 'Fn::GetAtt': ['Reverter', 'Arn'] }] }); }, /^runs when A changes state: it runs the function Reverter/],
  ])('out of scope: %s', (_name, mutate, message) => {
    const t = real();
    mutate(t);
    expect(scopeDiff(REAL, t).violations).toEqual([expect.stringMatching(message)]);
  });

  test('a rule that only delivers to a topic or a queue changes nothing', () => {
    const t = real();
    t.Resources!.Rule = res('AWS::Events::Rule', 'Rule/Resource', { EventPattern: { source: ['aws.ec2'] }, Targets: [{ Arn: 'arn:aws:sns:us-east-1:111122223333:t', Id: 'sns' }, { Arn: 'arn:aws:sqs:us-east-1:111122223333:q', Id: 'sqs' }] });
    expect(scopeDiff(REAL, t).violations).toEqual([]);
  });
});

describe('scopeDiff findings', () => {
  test('new principals are listed, with whom a role trusts', () => {
    const t = real();
    t.Resources!.Extra = res('AWS::IAM::Role', 'ExtraRole/Resource', { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } });
    t.Resources!.Key = { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: idOf(REAL, 'AuditorUser/Resource') } }, Metadata: { 'aws:cdk:path': 'Stack/Key' } };
    const r = scopeDiff(REAL, t);
    expect(r.violations).toEqual([]);
    expect(r.findings!.map((f) => f.message)).toEqual([
      'new AWS::IAM::Role ExtraRole trusting ec2.amazonaws.com',
      `new AWS::IAM::AccessKey Key for \${${idOf(REAL, 'AuditorUser/Resource')}}`,
    ]);
  });

  test('a moved logical id and a decoy at its construct path are listed', () => {
    const t = real();
    const ops = idOf(REAL, 'OpsRole/Resource');
    t.Resources![ops].Metadata = { 'aws:cdk:path': 'Stack/Hidden/Resource' };
    t.Resources!.Decoy = res('AWS::IAM::Role', 'OpsRole/Resource');
    expect(scopeDiff(REAL, t).findings!.map((f) => `${f.kind} ${f.logicalId}`)).toEqual(['moved ' + ops, 'decoy Decoy', 'new-principal Decoy']);
  });
});
