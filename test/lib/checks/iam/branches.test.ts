import { branches, MAX_BRANCH_CONDITIONS, TooManyBranchesError } from '../../../../lib/checks/iam/branches';
import type { TemplateJson } from '../../../../lib/model/template';

describe('branches', () => {
  test('a template without conditions is its own single branch', () => {
    const t: TemplateJson = { Resources: { A: { Type: 'AWS::S3::Bucket' } } };
    expect(branches(t)).toEqual([{ label: '', template: t }]);
  });
  test('Fn::If and AWS::NoValue resolve per branch; a guarded resource exists only in its branch', () => {
    const t: TemplateJson = {
      Resources: {
        P: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: { 'Fn::If': ['Wide', '*', 's3:GetObject'] }, Resource: '*' }, { 'Fn::If': ['Wide', { Ref: 'AWS::NoValue' }, { Effect: 'Deny', Action: '*', Resource: '*' }] }] } } },
        Extra: { Type: 'AWS::IAM::Role', Condition: 'Wide' },
      },
    };
    const [off, on] = branches(t);
    expect(off.label).toBe('Wide=false');
    expect(off.template.Resources!.Extra).toBeUndefined();
    expect((off.template.Resources!.P.Properties as any).PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*' }]);
    expect((on.template.Resources!.P.Properties as any).PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    expect(on.template.Resources!.Extra).toBeDefined();
  });
  test('more conditions than it can expand: refused with a clear error', () => {
    const names = Array.from({ length: MAX_BRANCH_CONDITIONS + 1 }, (_, i) => `C${i}`);
    const t: TemplateJson = { Resources: Object.fromEntries(names.map((n) => [n, { Type: 'AWS::S3::Bucket', Condition: n }])) };
    expect(() => branches(t)).toThrow(TooManyBranchesError);
  });
});
