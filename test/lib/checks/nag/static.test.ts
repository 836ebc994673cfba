import type { StaticEvidence } from '../../../../lib/model/drill';
import type { NagFinding } from '../../../../lib/model/evidence';
import type { TemplateJson } from '../../../../lib/model/template';
import { noNagFindings } from '../../../../lib/checks/nag/static';

const r = (path: string) => ({ Type: 'AWS::IAM::Role', Properties: {}, Metadata: { 'aws:cdk:path': `lab/${path}` } });
const BASELINE: TemplateJson = { Resources: { OpsRole1: r('OpsRole/Resource') } };
const finding = (path: string, logicalId: string): NagFinding => ({ rule: 'AwsSolutions-IAM4[Policy::x]', path, severity: 'error', description: 'd', logicalId });
const evidence = (template: TemplateJson, nag: NagFinding[]): StaticEvidence => ({
  template, baseline: BASELINE, nag, scope: { changes: [], violations: [] }, environment: { account: 'unknown-account', region: 'unknown-region' },
  documents: {}, identity: { student: 'sam-12a', account: '123456789013', region: 'eu-south-2', expiresAt: '2031-01-01T00:00:00Z' },
});
const check = noNagFindings('n', ['AwsSolutions-IAM4'], ['OpsRole']);

describe('noNagFindings', () => {
  test('a finding on the construct fails', () => {
    expect(check.run(evidence(BASELINE, [finding('OpsRole/Resource', 'OpsRole1')])).status).toBe('fail');
    expect(check.run(evidence(BASELINE, [])).status).toBe('pass');
  });
  test('the construct\'s resource moved elsewhere (overrideLogicalId) still counts, by logical id; a clean decoy at the path does not hide it', () => {
    const t: TemplateJson = { Resources: { OpsRole1: r('Hidden/Resource'), Decoy: r('OpsRole/Resource') } };
    expect(check.run(evidence(t, [finding('Hidden/Resource', 'OpsRole1')]))).toEqual({ status: 'fail', message: expect.stringContaining('on Hidden/Resource') });
  });
  test('a finding on a resource the lab added under the construct counts; one elsewhere does not', () => {
    const t: TemplateJson = { Resources: { ...BASELINE.Resources, Extra: r('OpsRole/Extra/Resource'), Other: r('Other/Resource') } };
    expect(check.run(evidence(t, [finding('OpsRole/Extra/Resource', 'Extra')])).status).toBe('fail');
    expect(check.run(evidence(t, [finding('Other/Resource', 'Other')])).status).toBe('pass');
  });
});
