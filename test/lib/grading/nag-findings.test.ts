import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { TemplateJson } from '../../../lib/model/template';
import { nagFindings } from '../../../lib/grading/nag-findings';

/** A stack with a wildcard role, as a template: what the grader gets back from the sandbox. */
function wildcardTemplate(): TemplateJson {
  const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(app, 'S');
  new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() }).addToPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));
  return app.synth().getStackByName('S').template;
}

describe('nagFindings (the course packs on a template, in the grader)', () => {
  test('findings are keyed by logical id and named by construct path; an acknowledgement is reported, never honoured', () => {
    const template = wildcardTemplate();
    const policy = Object.entries(template.Resources!).find(([, r]) => r.Type === 'AWS::IAM::Policy')![0];
    const acks = [{ path: 'Role', rule: 'Awswo-IAMNoWildcardActions', reason: 'it is fine, trust me' }];
    const f = nagFindings(template, acks).filter((x) => x.rule === 'Awswo-IAMNoWildcardActions');
    expect(f).toEqual([expect.objectContaining({ logicalId: policy, path: 'Role/DefaultPolicy/Resource', severity: 'error', acknowledgedWith: 'it is fine, trust me' })]);
  });
  test('both packs run: AwsSolutions and Awswo', () => {
    const rules = new Set(nagFindings(wildcardTemplate()).map((f) => f.rule.split('-')[0]));
    expect(rules).toEqual(new Set(['Awswo', 'AwsSolutions']));
  });
  test('cdk_nag suppressions written into the template metadata do not silence anything', () => {
    const template = wildcardTemplate();
    for (const r of Object.values(template.Resources!)) r.Metadata = { ...r.Metadata, cdk_nag: { rules_to_suppress: [{ id: 'Awswo-IAMNoWildcardActions', reason: 'x' }, { id: 'AwsSolutions-IAM5', reason: 'x' }] } };
    expect(nagFindings(template).map((f) => f.rule)).toEqual(expect.arrayContaining(['Awswo-IAMNoWildcardActions', 'AwsSolutions-IAM5[Action::*]']));
  });
  test('leaves no folder behind: every one made for the judgement, aws-cdk-lib\'s included, is removed', () => {
    const template = wildcardTemplate();
    // The module object itself (an import's namespace cannot be spied on): aws-cdk-lib uses the same.
    const fs = jest.requireActual<typeof import('fs')>('fs');
    const made: string[] = [];
    const mkdtemp = fs.mkdtempSync;
    const spy = jest.spyOn(fs, 'mkdtempSync').mockImplementation(((prefix: string, options?: import('fs').EncodingOption) => {
      const dir = mkdtemp(prefix, options) as string;
      made.push(dir);
      return dir;
    }) as typeof fs.mkdtempSync);
    try {
      nagFindings(template);
    } finally {
      spy.mockRestore();
    }
    expect(made.length).toBeGreaterThan(0);
    expect(made.filter((d) => fs.existsSync(d))).toEqual([]);
  });
});
