import type { StaticEvidence } from '../../../../lib/model/drill';
import type { TemplateJson, TemplateResource } from '../../../../lib/model/template';
import { fleetServedBy, ServedBy } from '../../../../lib/checks/network/static';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const r = (type: string, path: string, props: Record<string, unknown>): TemplateResource => ({ Type: type, Properties: props, Metadata: { 'aws:cdk:path': `lab/${path}` } });
const forward = (tg: string) => [{ Type: 'forward', TargetGroupArn: { Ref: tg } }];

const BASE: TemplateJson = {
  Resources: {
    Alb1: r('AWS::ElasticLoadBalancingV2::LoadBalancer', 'WebAlb/Resource', {}),
    Http1: r('AWS::ElasticLoadBalancingV2::Listener', 'WebAlb/Http/Resource', { LoadBalancerArn: { Ref: 'Alb1' }, Port: 80, DefaultActions: forward('Targets1') }),
    Targets1: r('AWS::ElasticLoadBalancingV2::TargetGroup', 'WebTargets/Resource', { Port: 80, HealthCheckPath: '/health', Targets: [{ Id: { Ref: 'Web1' }, Port: 80 }] }),
    Web1: r('AWS::EC2::Instance', 'WebServer/Resource', {}),
    Fleet1: r('AWS::AutoScaling::AutoScalingGroup', 'WebFleet/ASG', { TargetGroupARNs: [{ Ref: 'Targets1' }] }),
  },
};
const evidence = (template: TemplateJson): StaticEvidence => ({
  template, baseline: BASE, nag: [], scope: { changes: [], violations: [] }, environment: { account: 'unknown-account', region: 'unknown-region' },
  documents: {}, identity: { student: 'sam-12a', account: '123456789013', region: 'eu-south-2', expiresAt: '2031-01-01T00:00:00Z' },
});
const SPEC = { loadBalancer: 'WebAlb', listener: 'WebAlb/Http', targetGroup: 'WebTargets', port: 80 };
const instance: ServedBy = { ...SPEC, fleet: { instance: 'WebServer' } };
const fleet: ServedBy = { ...SPEC, fleet: { autoScalingGroup: 'WebFleet' } };
const served = (t: TemplateJson, spec = instance) => fleetServedBy('served', spec).run(evidence(t));
const edit = (f: (res: Record<string, TemplateResource>) => void) => {
  const t = clone(BASE);
  f(t.Resources!);
  return t;
};
const other = r('AWS::ElasticLoadBalancingV2::TargetGroup', 'OtherTargets/Resource', { Port: 80, Targets: [{ Id: { Ref: 'Web1' }, Port: 80 }] });

describe('the fleet is registered with the target group the listener forwards to', () => {
  test('an instance target and an Auto Scaling group attached to the forwarded target group pass', () => {
    expect(served(BASE).status).toBe('pass');
    expect(served(BASE, fleet).status).toBe('pass');
  });
  test('weighted forwarding with the target group as the only weighted one passes', () => {
    const t = edit((x) => {
      x.Other1 = other;
      x.Http1.Properties!.DefaultActions = [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: { Ref: 'Targets1' }, Weight: 1 }, { TargetGroupArn: { Ref: 'Other1' }, Weight: 0 }] } }];
    });
    expect(served(t).status).toBe('pass');
  });

  test.each([
    ['the instance removed from the target group', (x: any) => { x.Targets1.Properties.Targets = []; }, /WebServer is not a target of WebTargets/],
    ['the instance registered on a port it does not serve', (x: any) => { x.Targets1.Properties.Targets = [{ Id: { Ref: 'Web1' }, Port: 8080 }]; }, /on port 8080, but it serves on 80/],
    ['a literal instance id instead of the lab\'s instance', (x: any) => { x.Targets1.Properties.Targets = [{ Id: 'i-0123456789abcdef0', Port: 80 }]; }, /WebServer is not a target of WebTargets/],
    ['the listener forwarding to a new target group', (x: any) => { x.Other1 = other; x.Http1.Properties.DefaultActions = forward('Other1'); }, /forwards to OtherTargets, not to WebTargets/],
    ['the listener answering with a fixed response', (x: any) => { x.Http1.Properties.DefaultActions = [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }]; }, /answers every request with fixed-response 200/],
    ['the target group weighted 0', (x: any) => {
      x.Other1 = other;
      x.Http1.Properties.DefaultActions = [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: { Ref: 'Targets1' }, Weight: 0 }, { TargetGroupArn: { Ref: 'Other1' }, Weight: 1 }] } }];
    }, /forwards to OtherTargets, not to WebTargets/],
    ['a listener rule sending every path elsewhere', (x: any) => {
      x.Other1 = other;
      x.Rule1 = r('AWS::ElasticLoadBalancingV2::ListenerRule', 'WebAlb/Http/All/Resource', { ListenerArn: { Ref: 'Http1' }, Priority: 1, Conditions: [{ Field: 'path-pattern', Values: ['/*'] }], Actions: forward('Other1') });
    }, /the listener rule WebAlb\/Http\/All sends the requests it matches to OtherTargets/],
    ['the listener moved to another load balancer', (x: any) => { x.Alb2 = r('AWS::ElasticLoadBalancingV2::LoadBalancer', 'Spare/Resource', {}); x.Http1.Properties.LoadBalancerArn = { Ref: 'Alb2' }; }, /no longer listens on WebAlb/],
  ])('fails: %s', (_name, f, message) => {
    const v = served(edit(f));
    expect(v.status).toBe('fail');
    expect(v.message).toMatch(message);
  });

  test('fails an Auto Scaling group detached from the target group', () => {
    const v = served(edit((x: any) => { x.Fleet1.Properties.TargetGroupARNs = []; }), fleet);
    expect(v).toMatchObject({ status: 'fail', message: expect.stringMatching(/WebFleet is not registered with WebTargets/) });
  });
  test('fails an Auto Scaling group attached to another target group only', () => {
    const v = served(edit((x: any) => { x.Other1 = other; x.Fleet1.Properties.TargetGroupARNs = [{ Ref: 'Other1' }]; }), fleet);
    expect(v).toMatchObject({ status: 'fail', message: expect.stringMatching(/WebFleet is not registered with WebTargets/) });
  });
  test('a deleted target group fails', () => {
    expect(served(edit((x) => { delete x.Targets1; }))).toMatchObject({ status: 'fail', message: expect.stringContaining("WebTargets (AWS::ElasticLoadBalancingV2::TargetGroup) is missing from the template: fix it, don't delete it") });
  });
});
