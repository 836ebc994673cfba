import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { accountOf, readRoster, roleArn } from '../../../lib/classroom/roster';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-roster-'));
const file = (name: string, text: string) => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
};
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('class rosters (csv-parse)', () => {
  test('a BOM, CRLF, quoted fields with commas and quotes, columns in any order and case, extra columns', () => {
    const f = file('class.csv', '\ufeffEmail,Workspace,Student\r\n"a@x, b","alice ""the first""/ws",alice\r\n\r\n# a comment\r\nb@x,bob,bob-2\r\n');
    expect(readRoster(f, ['workspace'])).toEqual([
      { student: 'alice', workspace: 'alice "the first"/ws', account: undefined, role: undefined, region: undefined, line: 2 },
      { student: 'bob-2', workspace: 'bob', account: undefined, role: undefined, region: undefined, line: 5 },
    ]);
  });

  test('accounts, roles by name or ARN, regions', () => {
    const f = file('accounts.csv', 'student,account,role,region\nalice,111111111111,awswo-lab,eu-west-1\nbob,,arn:aws:iam::222222222222:role/path/awswo-lab,\n');
    const [a, b] = readRoster(f);
    expect([roleArn(a), accountOf(a), a.region]).toEqual(['arn:aws:iam::111111111111:role/awswo-lab', '111111111111', 'eu-west-1']);
    expect([roleArn(b), accountOf(b), b.region]).toEqual(['arn:aws:iam::222222222222:role/path/awswo-lab', '222222222222', undefined]);
  });

  test('one name a line still works', () => {
    expect(readRoster(file('plain.txt', '# class A\nalice\n\nbob\n')).map((e) => e.student)).toEqual(['alice', 'bob']);
  });

  test.each([
    ['names no student', 'student,workspace\n', [], /names no student/],
    ['a bad name', 'student\nalice\nBob Smith\n', [], /line 3: student name "Bob Smith" is invalid/],
    ['a duplicate', 'student\nalice\nalice\n', [], /line 3: student "alice" is listed twice/],
    ['no student column', 'name,email\nalice,a@x\n', [], /a CSV needs a "student" column/],
    ['a needed column missing', 'student\nalice\n', ['workspace'], /has no "workspace" column/],
    ['a needed cell empty', 'student,workspace\nalice,\n', ['workspace'], /line 2: no workspace for alice/],
    ['a ragged row', 'student,workspace\nalice,a,extra\n', [], /is not valid CSV/],
    ['an unclosed quote', 'student,workspace\n"alice,a\n', [], /is not valid CSV/],
    ['a bad account', 'student,account\nalice,12345\n', [], /account "12345" is not a 12-digit AWS account id/],
    ['a role in another account', 'student,account,role\nalice,111111111111,arn:aws:iam::222222222222:role/x\n', [], /is not in account 111111111111/],
    ['a role name without an account', 'student,role\nalice,x\n', [], /needs an account column/],
    ['a bad role ARN', 'student,role\nalice,arn:aws:s3:::bucket\n', [], /is not an IAM role ARN/],
  ])('%s: one clear error', (_name, text, need, message) => {
    expect(() => readRoster(file('bad.csv', text), need as never)).toThrow(message);
  });

  test('a missing file', () => {
    expect(() => readRoster(path.join(tmp, 'nope.csv'))).toThrow(/roster not found/);
  });
});
