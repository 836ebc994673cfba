import type { StaticEvidence } from '../../../../lib/model/drill';
import type { TemplateJson } from '../../../../lib/model/template';
import { resourcesTagged } from '../../../../lib/checks/tags/static';

const AWSWO = [{ Key: 'awswo:student', Value: 'grader' }];
const OWNED = [...AWSWO, { Key: 'owner', Value: 'team' }];
const r = (type: string, path: string, tags?: unknown) => ({ Type: type, Properties: tags === undefined ? {} : { Tags: tags }, Metadata: { 'aws:cdk:path': `lab/${path}` } });
const BASELINE: TemplateJson = {
  Resources: {
    Bucket: r('AWS::S3::Bucket', 'Bucket/Resource', AWSWO),
    Provider: r('AWS::IAM::Role', 'Custom::ProviderX/Role'),
    Topic: r('AWS::SNS::Topic', 'AwswoGuardrails/BudgetAlerts/Resource', AWSWO),
  },
};
const evidence = (template: TemplateJson): StaticEvidence => ({
  template, baseline: BASELINE, nag: [], scope: { changes: [], violations: [] }, environment: { account: 'unknown-account', region: 'unknown-region' },
  documents: {}, identity: { student: 'sam-12a', account: '123456789013', region: 'eu-south-2', expiresAt: '2031-01-01T00:00:00Z' },
});
const check = resourcesTagged('t', [{ key: 'owner' }]);

describe('resourcesTagged', () => {
  test('every taggable lab resource carries the required tags', () => {
    const t: TemplateJson = { Resources: { ...BASELINE.Resources, Bucket: r('AWS::S3::Bucket', 'Bucket/Resource', OWNED) } };
    expect(check.run(evidence(t)).status).toBe('pass');
  });
  test('a taggable resource whose tags were stripped is judged, not skipped', () => {
    const t: TemplateJson = { Resources: { ...BASELINE.Resources, Bucket: r('AWS::S3::Bucket', 'Bucket/Resource', OWNED), Queue: r('AWS::SQS::Queue', 'Queue/Resource') } };
    expect(check.run(evidence(t))).toEqual({ status: 'fail', message: expect.stringContaining('Queue (no owner)') });
  });
  test('the guardrails (by their baseline logical ids) and CDK\'s untagged providers are not judged; a resource that only says it is a guardrail is', () => {
    const t: TemplateJson = {
      Resources: { ...BASELINE.Resources, Bucket: r('AWS::S3::Bucket', 'Bucket/Resource', OWNED), Hidden: r('AWS::SQS::Queue', 'AwswoGuardrails/Hidden/Resource', AWSWO) },
    };
    expect(check.run(evidence(t))).toEqual({ status: 'fail', message: expect.stringContaining('AwswoGuardrails (no owner)') });
  });
});
