import { allRegions, ConditionsError, deploymentVariants, regionsFromCdk } from '../../../lib/template/conditions';
import type { TemplateJson } from '../../../lib/model/template';

const bucket = (props: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({ Type: 'AWS::S3::Bucket', Properties: props, ...extra });
const byLabel = (t: TemplateJson) => Object.fromEntries(deploymentVariants(t).map((v) => [v.label, v.template]));

describe('deploymentVariants', () => {
  test('a template without conditions is its only variant, returned as is', () => {
    const t: TemplateJson = { Resources: { B: bucket() } };
    const variants = deploymentVariants(t);
    expect(variants).toHaveLength(1);
    expect(variants[0].template).toBe(t);
    expect(variants[0].label).toBe('every deployment');
    expect(variants[0].regions.length).toBe(allRegions().length);
  });

  test('every region CDK knows is considered, with its partition', () => {
    const names = allRegions().map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1', 'cn-north-1', 'us-gov-west-1']));
    expect(allRegions().find((r) => r.name === 'cn-north-1')?.partition).toBe('aws-cn');
  });

  test('a resource behind a condition that is false in every region is never deployed', () => {
    const t: TemplateJson = {
      Conditions: { Never: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'xx-fake-1'] } },
      Resources: { Fix: bucket({}, { Condition: 'Never' }), Other: bucket() },
    };
    const variants = deploymentVariants(t);
    expect(variants).toHaveLength(1);
    expect(Object.keys(variants[0].template.Resources!)).toEqual(['Other']);
    expect(variants[0].template.Conditions).toBeUndefined();
  });

  test('a resource that exists only in us-east-1 gives two variants, labelled by region', () => {
    const t: TemplateJson = {
      Conditions: { Virginia: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
      Resources: { Fix: bucket({}, { Condition: 'Virginia' }) },
    };
    const variants = deploymentVariants(t);
    expect(variants.map((v) => v.label).sort()).toEqual(['in every region except us-east-1', 'in us-east-1']);
    const only = variants.find((v) => v.label === 'in us-east-1')!;
    expect(only.regions).toEqual(['us-east-1']);
    expect(only.unknownRegion).toBe(false);
    expect(Object.keys(only.template.Resources!)).toEqual(['Fix']);
    expect(only.template.Resources!.Fix.Condition).toBeUndefined();
    const rest = variants.find((v) => v.label !== 'in us-east-1')!;
    expect(rest.unknownRegion).toBe(true);
    expect(rest.template.Resources).toEqual({});
  });

  test('Fn::If on a fake region removes the property everywhere (AWS::NoValue)', () => {
    const t: TemplateJson = {
      Conditions: { Fake: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'moon-1'] } },
      Resources: { B: bucket({ VersioningConfiguration: { 'Fn::If': ['Fake', { Status: 'Enabled' }, { Ref: 'AWS::NoValue' }] } }) },
    };
    const [only, ...rest] = deploymentVariants(t);
    expect(rest).toEqual([]);
    expect(only.template.Resources!.B.Properties).toEqual({});
  });

  test('Fn::If inside an IAM policy document picks the statement each deployment gets', () => {
    const wide = { Effect: 'Allow', Action: '*', Resource: '*' };
    const narrow = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
    const t: TemplateJson = {
      Conditions: { China: { 'Fn::Equals': [{ Ref: 'AWS::Partition' }, 'aws-cn'] } },
      Resources: {
        P: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement: [{ 'Fn::If': ['China', narrow, wide] }, { 'Fn::If': ['China', { Ref: 'AWS::NoValue' }, narrow] }] } } },
      },
    };
    const variants = deploymentVariants(t);
    expect(variants.map((v) => v.label).sort()).toEqual(['in cn-north-1, cn-northwest-1', 'in every region except cn-north-1, cn-northwest-1']);
    const china = variants.find((v) => v.label === 'in cn-north-1, cn-northwest-1')!;
    expect(china.template.Resources!.P.Properties!.PolicyDocument.Statement).toEqual([narrow]);
    const elsewhere = variants.find((v) => v !== china)!;
    expect(elsewhere.template.Resources!.P.Properties!.PolicyDocument.Statement).toEqual([wide, narrow]);
    // An unknown region has an unknown partition: it is not assumed to be China.
    expect(elsewhere.unknownRegion).toBe(true);
  });

  test('conditions on Fn::Select / Fn::Split of the region are evaluated per region', () => {
    const t: TemplateJson = {
      Conditions: { Us: { 'Fn::Equals': [{ 'Fn::Select': [0, { 'Fn::Split': ['-', { Ref: 'AWS::Region' }] }] }, 'us'] } },
      Resources: { Fix: bucket({}, { Condition: 'Us' }) },
    };
    const variants = deploymentVariants(t);
    const us = variants.find((v) => v.template.Resources!.Fix)!;
    expect(us.regions).toEqual(['us-east-1', 'us-east-2', 'us-gov-east-1', 'us-gov-west-1', 'us-iso-east-1', 'us-iso-west-1', 'us-isob-east-1', 'us-isob-west-1', 'us-isof-east-1', 'us-isof-south-1', 'us-west-1', 'us-west-2']);
    expect(us.unknownRegion).toBe(false);
  });

  test('And, Or, Not and Condition references combine', () => {
    const t: TemplateJson = {
      Conditions: {
        East: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
        West: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-west-2'] },
        Either: { 'Fn::Or': [{ Condition: 'East' }, { Condition: 'West' }] },
        Neither: { 'Fn::Not': [{ Condition: 'Either' }] },
        Impossible: { 'Fn::And': [{ Condition: 'East' }, { Condition: 'West' }] },
      },
      Resources: { A: bucket({}, { Condition: 'Neither' }), B: bucket({}, { Condition: 'Impossible' }) },
    };
    const variants = byLabel(t);
    expect(Object.keys(variants).sort()).toEqual(['in every region except us-east-1, us-west-2', 'in us-east-1, us-west-2']);
    expect(Object.keys(variants['in us-east-1, us-west-2'].Resources!)).toEqual([]);
    expect(Object.keys(variants['in every region except us-east-1, us-west-2'].Resources!)).toEqual(['A']);
  });

  test('the lab account or any other: a fix only in one account is not a fix', () => {
    const t: TemplateJson = {
      Conditions: { Mine: { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, '111122223333'] } },
      Resources: { Fix: bucket({}, { Condition: 'Mine' }) },
    };
    expect(Object.keys(byLabel(t)).sort()).toEqual(['in account 111122223333', 'in any other account']);
    // A stack pinned to a literal account deploys only there.
    expect(deploymentVariants(t, { account: '111122223333' }).map((v) => Object.keys(v.template.Resources!))).toEqual([['Fix']]);
  });

  test('a pinned region is the only region', () => {
    const t: TemplateJson = {
      Conditions: { Virginia: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
      Resources: { Fix: bucket({}, { Condition: 'Virginia' }) },
    };
    const variants = deploymentVariants(t, { region: 'eu-west-1' });
    expect(variants).toHaveLength(1);
    expect(variants[0].regions).toEqual(['eu-west-1']);
    expect(variants[0].template.Resources).toEqual({});
  });

  test('parameters are at their defaults; one without a default may have any value', () => {
    const withDefault: TemplateJson = {
      Parameters: { Env: { Type: 'String', Default: 'dev' } },
      Conditions: { Prod: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      Resources: { Fix: bucket({}, { Condition: 'Prod' }) },
    };
    expect(deploymentVariants(withDefault).map((v) => Object.keys(v.template.Resources!))).toEqual([[]]);
    const noDefault: TemplateJson = { ...withDefault, Parameters: { Env: { Type: 'String' } } };
    expect(Object.keys(byLabel(noDefault)).sort()).toEqual(['with parameter Env = prod', 'with parameter Env ≠ prod']);
    const allowed: TemplateJson = { ...withDefault, Parameters: { Env: { Type: 'String', AllowedValues: ['dev', 'test', 'prod'] } } };
    expect(Object.keys(byLabel(allowed)).sort()).toEqual(['with parameter Env = prod', 'with parameter Env ≠ prod']);
  });

  test('an SSM parameter type is read at deploy time: its default is not its value', () => {
    const t: TemplateJson = {
      Parameters: { Flag: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/lab/flag' } },
      Conditions: { On: { 'Fn::Equals': [{ Ref: 'Flag' }, 'on'] } },
      Resources: { Fix: bucket({}, { Condition: 'On' }) },
    };
    expect(deploymentVariants(t)).toHaveLength(2);
  });

  test('Fn::FindInMap over the region: regions missing from the map cannot deploy', () => {
    const t: TemplateJson = {
      Mappings: { ByRegion: { 'us-east-1': { Fix: 'yes' }, 'eu-west-1': { Fix: 'no' } } },
      Conditions: { Fixed: { 'Fn::Equals': [{ 'Fn::FindInMap': ['ByRegion', { Ref: 'AWS::Region' }, 'Fix'] }, 'yes'] } },
      Resources: { Fix: bucket({}, { Condition: 'Fixed' }) },
    };
    const variants = deploymentVariants(t);
    expect(variants.map((v) => [v.regions, v.unknownRegion, Object.keys(v.template.Resources!)])).toEqual(
      expect.arrayContaining([[['us-east-1'], false, ['Fix']], [['eu-west-1'], false, []]]),
    );
    expect(variants).toHaveLength(2);
  });

  test('outputs and metadata follow the conditions too', () => {
    const t: TemplateJson = {
      Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } },
      Resources: { B: bucket({}, { Metadata: { note: { 'Fn::If': ['Never', 'x', 'y'] } } }) },
      Outputs: { Gone: { Value: 'v', Condition: 'Never' }, Kept: { Value: { 'Fn::If': ['Never', 'x', 'y'] } } },
    };
    const [only] = deploymentVariants(t);
    expect(only.template.Outputs).toEqual({ Kept: { Value: 'y' } });
    expect(only.template.Resources!.B.Metadata).toEqual({ note: 'y' });
  });

  test('a variant that refers to a resource the conditions removed cannot deploy and is left out', () => {
    const t: TemplateJson = {
      Conditions: { Virginia: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
      Resources: { Fix: bucket({}, { Condition: 'Virginia' }), User: bucket({ BucketName: { Ref: 'Fix' } }) },
    };
    const variants = deploymentVariants(t);
    expect(variants.map((v) => v.label)).toEqual(['in us-east-1']);
  });

  test('refuses conditions it cannot evaluate, with a clear message', () => {
    const undeclared: TemplateJson = { Resources: { B: bucket({}, { Condition: 'Missing' }) } };
    expect(() => deploymentVariants(undeclared)).toThrow(new ConditionsError('the condition Missing is used but not declared in Conditions'));
    const resourceRef: TemplateJson = { Conditions: { C: { 'Fn::Equals': [{ Ref: 'B' }, 'x'] } }, Resources: { B: bucket({}, { Condition: 'C' }) } };
    expect(() => deploymentVariants(resourceRef)).toThrow(/a condition cannot read a resource/);
    const getAtt: TemplateJson = { Conditions: { C: { 'Fn::Equals': [{ 'Fn::GetAtt': ['B', 'Arn'] }, 'x'] } }, Resources: { B: bucket({}, { Condition: 'C' }) } };
    expect(() => deploymentVariants(getAtt)).toThrow(ConditionsError);
    const transform: TemplateJson = { Transform: 'AWS::Serverless-2016-10-31', Conditions: { C: { 'Fn::Equals': ['a', 'a'] } }, Resources: {} };
    expect(() => deploymentVariants(transform)).toThrow(/Transform/);
  });

  test('refuses more variants than the cap', () => {
    const regions = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2'];
    const conditions = Object.fromEntries(regions.map((r, i) => [`C${i}`, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, r] }]));
    const resources = Object.fromEntries(regions.map((_r, i) => [`B${i}`, bucket({}, { Condition: `C${i}` })]));
    const t: TemplateJson = { Conditions: conditions, Resources: resources };
    expect(deploymentVariants(t)).toHaveLength(7);
    expect(() => deploymentVariants(t, { maxVariants: 4 })).toThrow(/7 different deployments .* more than the 4 the grader grades/);
  });

  test('a template that deploys nowhere is refused', () => {
    const t: TemplateJson = {
      Mappings: { M: { 'xx-nowhere-1': { K: 'v' } } },
      Conditions: { C: { 'Fn::Equals': [{ 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, 'K'] }, 'v'] } },
      Resources: { B: bucket({}, { Condition: 'C' }) },
    };
    expect(() => deploymentVariants(t)).toThrow(/deploys nowhere/);
  });
});

describe('allRegions', () => {
  test('the list kept on disk is aws-cdk-lib\'s own, read afresh', () => {
    expect(allRegions()).toEqual(regionsFromCdk());
    expect(allRegions().map((r) => r.name)).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1', 'cn-north-1', 'us-gov-west-1']));
  });
});
