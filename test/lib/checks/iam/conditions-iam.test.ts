import { Condition, evaluateCondition, implies, parseCondition, RequestContext } from '../../../../lib/checks/iam/conditions-iam';
import { token } from '../../../../lib/checks/iam/pattern';

const cond = (block: Record<string, unknown>): Condition => parseCondition(block, (v) => String(v));
const ctx = (entries: Record<string, string | string[] | null>): RequestContext =>
  new Map(Object.entries(entries).map(([k, v]) => [k.toLowerCase(), v === null ? null : Array.isArray(v) ? v : [v]]));
const run = (block: Record<string, unknown>, c: Record<string, string | string[] | null>) => evaluateCondition(cond(block), ctx(c)).result;
const TAG = 'aws:ResourceTag/team';

describe('condition operators', () => {
  test.each<[string, Record<string, unknown>, Record<string, string | string[] | null>, boolean | 'unknown']>([
    ['StringEquals matches', { StringEquals: { [TAG]: 'web' } }, { [TAG]: 'web' }, true],
    ['StringEquals is case-sensitive', { StringEquals: { [TAG]: 'web' } }, { [TAG]: 'WEB' }, false],
    ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { [TAG]: 'web' } }, { [TAG]: 'WEB' }, true],
    ['StringLike with a wildcard', { StringLike: { [TAG]: 'web-*' } }, { [TAG]: 'web-1' }, true],
    ['any of several values', { StringEquals: { [TAG]: ['api', 'web'] } }, { [TAG]: 'web' }, true],
    ['a positive operator on an absent key is false', { StringLike: { [TAG]: '*' } }, { [TAG]: null }, false],
    ['a negated operator on an absent key is true', { StringNotEquals: { [TAG]: 'web' } }, { [TAG]: null }, true],
    ['IfExists on an absent key is true', { StringEqualsIfExists: { [TAG]: 'web' } }, { [TAG]: null }, true],
    ['Null true: the key is absent', { Null: { [TAG]: 'true' } }, { [TAG]: null }, true],
    ['Null false: the key is present', { Null: { [TAG]: 'false' } }, { [TAG]: null }, false],
    ['Bool', { Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'true' }, false],
    ['NumericLessThan', { NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': '5' }, true],
    ['DateGreaterThan', { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '2026-12-01T00:00:00Z' }, true],
    ['IpAddress in a CIDR', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.9' }, true],
    ['NotIpAddress', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '198.51.100.1' }, true],
    ['ArnLike, part by part', { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::reports-*' } }, { 'aws:SourceArn': 'arn:aws:s3:::reports-1' }, true],
    ['ForAnyValue: one of the request values', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } }, { 'aws:TagKeys': ['team', 'cost'] }, true],
    ['ForAllValues: every request value', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }, { 'aws:TagKeys': ['team', 'cost'] }, false],
    ['ForAllValues on an absent key is true', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }, { 'aws:TagKeys': null }, true],
    ['a key the context does not know cannot be judged', { StringEquals: { 'aws:SourceVpc': 'vpc-1' } }, {}, 'unknown'],
    ['an operator IAM does not have cannot be judged', { StringAlmostEquals: { [TAG]: 'web' } }, { [TAG]: 'web' }, 'unknown'],
    ['a false test decides even beside an unknown one', { StringEquals: { [TAG]: 'web', 'aws:SourceVpc': 'x' } }, { [TAG]: 'api' }, false],
  ])('%s', (_name, block, c, want) => {
    expect(run(block, c)).toBe(want);
  });
  test('tokens: the lab region equals itself, and may or may not equal a literal region', () => {
    const region = token('AWS::Region');
    expect(evaluateCondition(parseCondition({ StringEquals: { 'aws:RequestedRegion': region } }, String), ctx({ 'aws:RequestedRegion': region })).result).toBe(true);
    expect(evaluateCondition(parseCondition({ StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } }, String), ctx({ 'aws:RequestedRegion': region })).result).toBe('unknown');
  });
  test('a service\'s own tag key reads as the global one', () => {
    expect(cond({ StringLike: { 'ec2:ResourceTag/Team': '*' } })[0].key).toBe('aws:resourcetag/team');
  });
});

describe('implies: a grant\'s condition within the one a drill requires', () => {
  const TAGGED = cond({ Null: { [TAG]: 'false' } });
  test.each<[string, Record<string, unknown>, boolean | 'unknown']>([
    ['StringLike ?* (a non-empty tag)', { StringLike: { [TAG]: '?*' } }, true],
    ['StringEquals one group', { StringEquals: { [TAG]: 'web' } }, true],
    ['Null false itself', { Null: { [TAG]: 'false' } }, true],
    ['the tag and a region', { StringLike: { [TAG]: '?*' }, StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } }, true],
    ['Null true inverts it: every untagged resource', { Null: { [TAG]: 'true' } }, false],
    ['StringNotEquals holds for untagged resources', { StringNotEquals: { [TAG]: 'none' } }, false],
    ['IfExists holds for untagged resources', { StringLikeIfExists: { [TAG]: '?*' } }, false],
    ['no condition at all', {}, false],
    ['an operator it cannot judge', { StringAlmostLike: { [TAG]: '?*' } }, 'unknown'],
  ])('%s', (_name, block, want) => {
    expect(implies(cond(block), TAGGED, new Map()).result).toBe(want);
  });
  test('a refuted implication names the request that shows it', () => {
    expect(implies(cond({ Null: { [TAG]: 'true' } }), TAGGED, new Map()).witness).toBe('no aws:resourcetag/team');
  });
});
