import { cidrWithin, expiryFrom, labStackName, parseCidr, studentNameError } from '../../../lib/lab';

describe('student names', () => {
  test.each(['alice', 'bob-2', 'a', 'x'.repeat(24)])('accepts %s', (n) => expect(studentNameError(n)).toBeUndefined());
  test.each([
    ['', /empty/],
    ['Alice', /invalid/],
    ['al_ice', /invalid/],
    ['-alice', /invalid/],
    ['alice-', /invalid/],
    ['al--ice', /invalid/],
    ['2alice', /invalid/],
    ['x'.repeat(25), /longer than 24/],
    ['alice; rm -rf /', /invalid/],
  ])('rejects "%s"', (n, msg) => expect(studentNameError(n)).toMatch(msg));
});

describe('CIDRs', () => {
  test('parses and compares IPv4 CIDRs', () => {
    expect(parseCidr('203.0.113.7/24')).toEqual({ network: 0xcb007100, prefix: 24 });
    expect(cidrWithin('203.0.113.0/25', '203.0.113.0/24')).toBe(true);
    expect(cidrWithin('203.0.113.0/23', '203.0.113.0/24')).toBe(false);
    expect(cidrWithin('0.0.0.0/0', '203.0.113.0/24')).toBe(false);
  });
  test.each(['203.0.113.0', '300.0.0.0/8', '10.0.0.0/33', 'abc'])('rejects %s', (c) => expect(() => parseCidr(c)).toThrow(/not an IPv4 CIDR/));
});

describe('expiry and names', () => {
  test('expiry is now + ttl, to the second, in UTC', () => {
    expect(expiryFrom(new Date('2026-11-23T10:00:00.123Z'), 8)).toBe('2026-11-23T18:00:00Z');
  });
  test('ttl is bounded', () => {
    expect(() => expiryFrom(new Date(), 0)).toThrow(/between 1 and 168/);
    expect(() => expiryFrom(new Date(), 1000)).toThrow(/between 1 and 168/);
  });
  test('stack names', () => expect(labStackName({ student: 'alice', drillId: 'iam-wildcard-role' })).toBe('awswo-alice-iam-wildcard-role'));
});
