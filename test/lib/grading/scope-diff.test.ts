import { scopeDiff } from '../../../lib/grading/scope-diff';
import type { TemplateJson } from '../../../lib/model/template';

const res = (type: string, path: string, props: Record<string, unknown> = {}) => ({ Type: type, Properties: props, Metadata: { 'aws:cdk:path': `Stack/${path}` } });

const baseline: TemplateJson = {
  Resources: {
    Db: res('AWS::RDS::DBInstance', 'Db/Resource', { DBInstanceClass: 'db.t3.micro', StorageEncrypted: false }),
    Role: res('AWS::IAM::Role', 'Role/Resource', { Description: 'x' }),
    RolePolicy: res('AWS::IAM::Policy', 'Role/DefaultPolicy/Resource', { PolicyName: 'p' }),
    Eip: res('AWS::EC2::EIP', 'IdleIp'),
  },
};
const clone = (): TemplateJson => JSON.parse(JSON.stringify(baseline));

describe('scopeDiff', () => {
  test('no change, no violation', () => {
    expect(scopeDiff(baseline, clone())).toEqual({ changes: [], violations: [] });
  });
  test('metadata-only differences are not changes', () => {
    const t = clone();
    t.Resources!.Role.Metadata = { 'aws:cdk:path': 'Stack/Role/Resource', other: 1 };
    expect(scopeDiff(baseline, t).changes).toEqual([]);
  });
  test('an in-place update is listed with its properties and is in scope', () => {
    const t = clone();
    t.Resources!.Db.Properties!.DBInstanceClass = 'db.t3.small';
    const r = scopeDiff(baseline, t);
    expect(r.changes).toEqual([expect.objectContaining({ constructId: 'Db', kind: 'updated', properties: ['DBInstanceClass'] })]);
    expect(r.violations).toEqual([]);
  });
  test('replacing a stateful resource is a violation unless the drill allows it', () => {
    const t = clone();
    t.Resources!.Db.Properties!.StorageEncrypted = true;
    expect(scopeDiff(baseline, t).violations).toEqual([expect.stringContaining('Db (AWS::RDS::DBInstance) would be replaced (StorageEncrypted changed)')]);
    expect(scopeDiff(baseline, t, { mayReplace: ['Db'] }).violations).toEqual([]);
  });
  test('deleting a resource is a violation; deleting a policy is not', () => {
    const t = clone();
    delete t.Resources!.Role;
    delete t.Resources!.RolePolicy;
    const r = scopeDiff(baseline, t);
    expect(r.violations).toEqual(['Role (AWS::IAM::Role) was deleted: fix the resource instead of removing it']);
    expect(r.changes.map((c) => `${c.kind} ${c.constructId}`).sort()).toEqual(['removed Role', 'removed Role']);
  });
  test('a drill may allow removing a trap resource', () => {
    const t = clone();
    delete t.Resources!.Eip;
    expect(scopeDiff(baseline, t, { mayRemove: ['IdleIp'] }).violations).toEqual([]);
    expect(scopeDiff(baseline, t).violations).toHaveLength(1);
  });
  test('guardrail resources are never listed', () => {
    const t = clone();
    t.Resources!.Budget = res('AWS::Budgets::Budget', 'AwswoGuardrails/Budget');
    expect(scopeDiff(baseline, t).changes).toEqual([]);
  });
});

describe('scopeDiff in-place properties', () => {
  test('a property the spec marks as a (conditional) replacement can be declared in place for a drill', () => {
    const t = clone();
    t.Resources!.Db.Properties!.StorageEncrypted = true;
    const r = scopeDiff(baseline, t, { inPlace: { Db: ['StorageEncrypted'] } });
    expect(r.violations).toEqual([]);
    expect(r.changes).toEqual([expect.objectContaining({ constructId: 'Db', kind: 'updated' })]);
  });
  test('a replacement names the property that causes it', () => {
    const t = clone();
    t.Resources!.Db.Properties!.StorageEncrypted = true;
    t.Resources!.Db.Properties!.DBInstanceClass = 'db.t3.small';
    expect(scopeDiff(baseline, t).changes).toEqual([expect.objectContaining({ kind: 'replaced', replacedBy: ['StorageEncrypted'] })]);
  });
});

describe('scopeDiff rules by path', () => {
  test('mayRemove may name a path below a construct, and then allows only that', () => {
    const t = clone();
    t.Resources!.Nat = res('AWS::EC2::NatGateway', 'Vpc/edgeSubnet2/NATGateway');
    t.Resources!.Subnet = res('AWS::EC2::Subnet', 'Vpc/edgeSubnet2/Subnet');
    const withNat: TemplateJson = JSON.parse(JSON.stringify(t));
    delete t.Resources!.Nat;
    delete t.Resources!.Subnet;
    const r = scopeDiff(withNat, t, { mayRemove: ['Vpc/edgeSubnet2/NATGateway'] });
    expect(r.violations).toEqual(['Vpc/edgeSubnet2/Subnet (AWS::EC2::Subnet) was deleted: fix the resource instead of removing it']);
  });
});
