import { covers, iamMatch, meet, overlaps, token, witness } from '../../../../lib/checks/iam/pattern';

const B = token('Bucket');
const OTHER = token('Other');

describe('covers (every value of the inner pattern matches the outer one)', () => {
  test.each([
    ['*', `arn:aws:s3:::${B}/*`, true],
    [`arn:aws:s3:::${B}/*`, `arn:aws:s3:::${B}/reports/*`, true],
    [`arn:aws:s3:::${B}/*`, `arn:aws:s3:::${B}/reports/latest.txt`, true],
    [`arn:aws:s3:::${B}/reports/*`, `arn:aws:s3:::${B}/*`, false],
    [`arn:aws:s3:::${B}/*`, `arn:aws:s3:::${OTHER}/*`, false],
    [`arn:aws:s3:::${B}/*`, 'arn:aws:s3:::*', false],
    ['arn:aws:s3:::*', `arn:aws:s3:::${B}`, true],
    ['arn:aws:s3:::?', `arn:aws:s3:::${B}`, false],
    ['s3:GetObject', 's3:*', false],
  ])('%s ⊇ %s: %s', (outer, inner, want) => {
    expect(covers(outer, inner)).toBe(want);
  });
  test('actions compare case-insensitively when asked', () => {
    expect(covers('s3:Get*', 's3:getobject', true)).toBe(true);
    expect(covers('s3:Get*', 's3:getobject')).toBe(false);
  });
});

describe('overlaps, meet, witness', () => {
  test('two patterns that share a value overlap; different tokens do not', () => {
    expect(overlaps('s3:Get*', 's3:*Object', true)).toBe(true);
    expect(overlaps(`${B}/a/*`, `${B}/b/*`)).toBe(false);
    expect(overlaps(`${B}/*`, `${OTHER}/*`)).toBe(false);
    expect(overlaps(`${B}/*`, `${OTHER}/*`, false, true)).toBe(true);
  });
  test('meet keeps the narrower pattern, or nothing', () => {
    expect(meet('*', 's3:GetObject')).toBe('s3:GetObject');
    expect(meet(`${B}/reports/*`, `${B}/*`)).toBe(`${B}/reports/*`);
    expect(meet('s3:Get*', 'ec2:*', true)).toBeUndefined();
  });
  test('witness fills wildcards with a value no policy names', () => {
    expect(witness('s3:Get*')).toBe('s3:Getawswoprobe');
    expect(iamMatch('s3:Get*', witness('s3:Get*'))).toBe(true);
  });
});
