import { identify, identityFindings, logicalIdsUnder, resourceAtPath } from '../../../lib/template/identity';
import type { TemplateJson } from '../../../lib/model/template';

const res = (type: string, path: string, props: Record<string, unknown> = {}) => ({ Type: type, Properties: props, Metadata: { 'aws:cdk:path': `Stack/${path}` } });
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

const baseline: TemplateJson = {
  Resources: {
    OpsRole1234: res('AWS::IAM::Role', 'OpsRole/Resource', { Description: 'broken' }),
    OpsRolePolicy99: res('AWS::IAM::Policy', 'OpsRole/DefaultPolicy/Resource', { Roles: [{ Ref: 'OpsRole1234' }] }),
    ReportsBucketAB: res('AWS::S3::Bucket', 'ReportsBucket/Bucket/Resource'),
    FleetASG: res('AWS::AutoScaling::AutoScalingGroup', 'WebFleet/ASG', { TargetGroupARNs: [{ Ref: 'Tg' }] }),
    Fn1: res('AWS::Lambda::Function', 'ReportFunction/Resource', { Role: { 'Fn::GetAtt': ['OpsRole1234', 'Arn'] } }),
    Alarm1: res('AWS::CloudWatch::Alarm', 'HostsAlarm/Resource', { Namespace: 'AWS/ApplicationELB', MetricName: 'HealthyHostCount', Dimensions: [{ Name: 'TargetGroup', Value: 'x' }, { Name: 'LoadBalancer', Value: 'y' }] }),
  },
};

/** overrideLogicalId kept the broken role's logical id at another construct; a clean decoy took the construct id. */
function decoyed(): TemplateJson {
  const t = clone(baseline);
  t.Resources!.OpsRole1234.Metadata = { 'aws:cdk:path': 'Stack/Hidden/Resource' };
  t.Resources!.OpsRoleDecoy = res('AWS::IAM::Role', 'OpsRole/Resource', { Description: 'clean' });
  return t;
}

describe('resourceAtPath', () => {
  test('the Resource child, the construct itself, or the only resource of the type below it', () => {
    expect(resourceAtPath(baseline, 'OpsRole')?.logicalId).toBe('OpsRole1234');
    expect(resourceAtPath(baseline, 'ReportsBucket/Bucket', 'AWS::S3::Bucket')?.logicalId).toBe('ReportsBucketAB');
    expect(resourceAtPath(baseline, 'WebFleet', 'AWS::AutoScaling::AutoScalingGroup')?.logicalId).toBe('FleetASG');
    expect(resourceAtPath(baseline, 'Nothing')).toBeUndefined();
  });
});

describe('identify', () => {
  test('the student resource has the baseline logical id and type, whatever its path says', () => {
    const t = decoyed();
    const found = identify({ template: t, baseline }, 'OpsRole', 'AWS::IAM::Role');
    expect(found?.logicalId).toBe('OpsRole1234');
    expect(found?.resource.Properties?.Description).toBe('broken');
  });

  test('a decoy bucket, alarm or fleet at the expected construct path is never judged', () => {
    const t = clone(baseline);
    t.Resources!.ReportsBucketAB.Metadata = { 'aws:cdk:path': 'Stack/Old/Bucket/Resource' };
    t.Resources!.Decoy1 = res('AWS::S3::Bucket', 'ReportsBucket/Bucket/Resource');
    t.Resources!.Alarm1.Metadata = { 'aws:cdk:path': 'Stack/Elsewhere/Resource' };
    t.Resources!.Decoy2 = res('AWS::CloudWatch::Alarm', 'HostsAlarm/Resource');
    t.Resources!.FleetASG.Metadata = { 'aws:cdk:path': 'Stack/Gone/ASG' };
    t.Resources!.Decoy3 = res('AWS::AutoScaling::AutoScalingGroup', 'WebFleet/ASG');
    const pair = { template: t, baseline };
    expect(identify(pair, 'ReportsBucket/Bucket', 'AWS::S3::Bucket')?.logicalId).toBe('ReportsBucketAB');
    expect(identify(pair, 'HostsAlarm', 'AWS::CloudWatch::Alarm')?.logicalId).toBe('Alarm1');
    expect(identify(pair, 'WebFleet', 'AWS::AutoScaling::AutoScalingGroup')?.logicalId).toBe('FleetASG');
  });

  test('a resource whose logical id is gone, or whose type changed, is missing', () => {
    const t = clone(baseline);
    delete t.Resources!.OpsRole1234;
    t.Resources!.NewRole = res('AWS::IAM::Role', 'OpsRole/Resource');
    expect(identify({ template: t, baseline }, 'OpsRole', 'AWS::IAM::Role')).toBeUndefined();
    const retyped = clone(baseline);
    retyped.Resources!.OpsRole1234.Type = 'AWS::IAM::User';
    expect(identify({ template: retyped, baseline }, 'OpsRole')).toBeUndefined();
  });

  test('a construct the fix adds (not in the baseline) is found by its path', () => {
    const t = clone(baseline);
    t.Resources!.Composite = res('AWS::CloudWatch::CompositeAlarm', 'ServiceDownAlarm/Resource');
    expect(identify({ template: t, baseline }, 'ServiceDownAlarm', 'AWS::CloudWatch::CompositeAlarm')?.logicalId).toBe('Composite');
  });
});

describe('logicalIdsUnder', () => {
  test('the baseline resources under a construct, wherever they moved, and new ones under its path', () => {
    const t = decoyed();
    t.Resources!.OpsRolePolicy99.Metadata = { 'aws:cdk:path': 'Stack/Hidden/DefaultPolicy/Resource' };
    t.Resources!.Extra = res('AWS::IAM::Policy', 'OpsRole/Extra/Resource');
    expect([...logicalIdsUnder({ template: t, baseline }, 'OpsRole')].sort()).toEqual(['Extra', 'OpsRole1234', 'OpsRoleDecoy', 'OpsRolePolicy99']);
  });
});

describe('identityFindings', () => {
  test('no finding for an unchanged template', () => {
    expect(identityFindings({ template: clone(baseline), baseline })).toEqual([]);
  });

  test('a moved logical id and the decoy at its old path are both reported', () => {
    const findings = identityFindings({ template: decoyed(), baseline });
    expect(findings.map((f) => [f.kind, f.logicalId, f.constructId])).toEqual([
      ['moved', 'OpsRole1234', 'OpsRole'],
      ['decoy', 'OpsRoleDecoy', 'OpsRole'],
    ]);
    expect(findings[0].message).toContain('now says it is Hidden');
    expect(findings[1].message).toContain('the grader judges the original');
  });

  test('a replacement under a new logical id is reported as such', () => {
    const t = clone(baseline);
    delete t.Resources!.ReportsBucketAB;
    t.Resources!.NewBucket = res('AWS::S3::Bucket', 'ReportsBucket/Bucket/Resource');
    expect(identityFindings({ template: t, baseline })).toEqual([
      expect.objectContaining({ kind: 'decoy', logicalId: 'NewBucket', message: expect.stringContaining('the original is deleted and replaced') }),
    ]);
  });

  test('a second function on the same role, a second alarm on the same metric, a second fleet in the same target groups', () => {
    const t = clone(baseline);
    t.Resources!.Fn2 = res('AWS::Lambda::Function', 'Worker/Resource', { Role: { 'Fn::GetAtt': ['OpsRole1234', 'Arn'] } });
    // Same metric, dimensions in another order.
    t.Resources!.Alarm2 = res('AWS::CloudWatch::Alarm', 'HostsAlarm2/Resource', { Namespace: 'AWS/ApplicationELB', MetricName: 'HealthyHostCount', Dimensions: [{ Name: 'LoadBalancer', Value: 'y' }, { Name: 'TargetGroup', Value: 'x' }] });
    t.Resources!.Fleet2 = res('AWS::AutoScaling::AutoScalingGroup', 'Fleet2/ASG', { TargetGroupARNs: [{ Ref: 'Tg' }] });
    const findings = identityFindings({ template: t, baseline });
    expect(findings.map((f) => [f.kind, f.logicalId, f.constructId])).toEqual([
      ['takes-over', 'Fn2', 'ReportFunction'],
      ['takes-over', 'Alarm2', 'HostsAlarm'],
      ['takes-over', 'Fleet2', 'WebFleet'],
    ]);
    expect(findings[0].message).toContain('same execution role as ReportFunction');
  });

  test('a new resource with its own wiring is not taking anything over', () => {
    const t = clone(baseline);
    t.Resources!.Alarm3 = res('AWS::CloudWatch::Alarm', 'LatencyAlarm/Resource', { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime' });
    expect(identityFindings({ template: t, baseline })).toEqual([]);
  });
});
