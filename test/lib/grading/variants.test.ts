import { acrossVariants, combinedScope, variantsToGrade } from '../../../lib/grading/variants';
import { GradeInputError } from '../../../lib/grading/errors';
import type { ObjectiveResult } from '../../../lib/model/result';
import type { TemplateJson } from '../../../lib/model/template';

const result = (status: ObjectiveResult['status'], message: string): ObjectiveResult => ({
  id: 'o', title: 't', status, message, hint: 'h', soaTask: '1.1', weight: 1, checks: [],
});
const CONDITIONAL: TemplateJson = {
  Conditions: { Virginia: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }, Mine: { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, '111122223333'] } },
  Resources: { A: { Type: 'AWS::S3::Bucket', Condition: 'Virginia' }, B: { Type: 'AWS::S3::Bucket', Condition: 'Mine' } },
};

describe('acrossVariants', () => {
  test('an objective passes only if it passes in every variant; the failure says where', () => {
    const pass = result('pass', 'ok');
    expect(acrossVariants([{ label: 'in us-east-1', result: pass }, { label: 'elsewhere', result: pass }])).toBe(pass);
    const combined = acrossVariants([{ label: 'in us-east-1', result: pass }, { label: 'in every region except us-east-1', result: result('fail', 'X is off') }]);
    expect(combined).toEqual(expect.objectContaining({ status: 'fail', message: 'in every region except us-east-1: X is off' }));
    expect(acrossVariants([{ label: 'a', result: result('fail', 'f') }, { label: 'b', result: result('error', 'e') }]).status).toBe('error');
  });
  test('a single variant is the result as is', () => {
    const fail = result('fail', 'X is off');
    expect(acrossVariants([{ label: 'every deployment', result: fail }])).toBe(fail);
  });
});

describe('combinedScope', () => {
  test('violations say in which deployments they hold, unless they hold in all', () => {
    const change = { logicalId: 'A', path: 'A', constructId: 'A', type: 'T', kind: 'added' as const, properties: [] };
    const scope = combinedScope([
      { label: 'in us-east-1', scope: { changes: [change], violations: ['everywhere', 'only here'], findings: [] } },
      { label: 'elsewhere', scope: { changes: [change], violations: ['everywhere'], findings: [{ kind: 'decoy', logicalId: 'D', constructId: 'D', message: 'm' }] } },
    ]);
    expect(scope.violations).toEqual(['everywhere', 'in us-east-1: only here']);
    expect(scope.changes).toEqual([change]);
    expect(scope.findings).toEqual([expect.objectContaining({ logicalId: 'D' })]);
  });
});

describe('variantsToGrade', () => {
  const IDENTITY = { student: 'sam-12a', account: '123456789013', region: 'eu-south-2', expiresAt: '2031-01-01T00:00:00Z' };
  test('a literal region pins the deployments; the identity\'s account (CDK_DEFAULT_ACCOUNT) does not pin the account', () => {
    const variants = variantsToGrade(CONDITIONAL, { account: IDENTITY.account, region: 'us-east-1' }, IDENTITY, 'lab.ts');
    expect(variants.map((v) => Object.keys(v.template.Resources!).sort())).toEqual(expect.arrayContaining([['A', 'B'], ['A']]));
    expect(variants).toHaveLength(2);
    expect(variantsToGrade(CONDITIONAL, { account: '111122223333', region: 'us-east-1' }, IDENTITY, 'lab.ts').map((v) => Object.keys(v.template.Resources!).sort())).toEqual([['A', 'B']]);
  });
  test('the identity\'s region (CDK_DEFAULT_REGION) does not pin the region', () => {
    expect(variantsToGrade(CONDITIONAL, { account: IDENTITY.account, region: IDENTITY.region }, IDENTITY, 'lab.ts').length).toBe(4);
  });
  test('conditions the grader cannot evaluate are bad input, naming the lab', () => {
    const bad: TemplateJson = { Resources: { A: { Type: 'AWS::S3::Bucket', Condition: 'Nope' } } };
    expect(() => variantsToGrade(bad, { account: 'unknown-account', region: 'unknown-region' }, IDENTITY, 'drills/x/lab.ts')).toThrow(GradeInputError);
    expect(() => variantsToGrade(bad, { account: 'unknown-account', region: 'unknown-region' }, IDENTITY, 'drills/x/lab.ts')).toThrow('cannot grade drills/x/lab.ts: the condition Nope is used but not declared in Conditions');
  });
});
