import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderJunit } from '../../../lib/report/junit';
import { hostileReport, rawUnsafe, sampleReport } from './fixtures';
import { describeWithTool, XMLLINT } from './tools';

const XSD = path.join(__dirname, 'schemas', 'jenkins-junit.xsd');

/** xmllint's verdict on a document: '' when it is well-formed and valid against the schema. */
function xmllintErrors(xml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-junit-'));
  const file = path.join(dir, 'report.xml');
  fs.writeFileSync(file, xml);
  try {
    execFileSync(XMLLINT.path, ['--noout', '--nonet', '--schema', XSD, file], { stdio: 'pipe' });
    return '';
  } catch (err) {
    return String((err as { stderr?: Buffer }).stderr ?? err);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describeWithTool(XMLLINT, 'junit report against the Jenkins JUnit schema (xmllint)', () => {
  test('a report with every status is valid', () => {
    expect(xmllintErrors(renderJunit(sampleReport()))).toBe('');
  });
  test('a report made of the worst student input is still valid', () => {
    expect(xmllintErrors(renderJunit(hostileReport()))).toBe('');
  });
  test('the schema check can fail: a raw control character or a stray element is rejected', () => {
    const xml = renderJunit(sampleReport());
    expect(xmllintErrors(xml.replace('errors="1"', 'errors="1\u0001"'))).toMatch(/error/i);
    expect(xmllintErrors(xml.replace('<properties>', '<bogus/><properties>'))).toMatch(/bogus/);
  });
});

describe('junit report content', () => {
  const xml = renderJunit(sampleReport());
  test('suites have a timestamp and a time; test cases a time each', () => {
    expect(xml).toMatch(/<testsuite name="awswo.iam-wildcard-role" tests="3" failures="1" errors="1" skipped="0" time="1.200" timestamp="2025-06-01T10:00:00">/);
    expect(xml).toMatch(/<testsuites name="awswo" tests="5" failures="2" errors="1" time="3.600">/);
    const cases = xml.match(/<testcase [^>]*>/g) ?? [];
    expect(cases).toHaveLength(5);
    for (const c of cases) expect(c).toMatch(/ time="0\.002"/);
  });
  test('a failure and an error are typed by the check that decided them; out of scope when every check passed', () => {
    expect(xml).toContain('<failure message="no-wildcard is fail" type="no-wildcard-check">hint: hint for no-wildcard</failure>');
    expect(xml).toContain('<error message="check could not run: RUNBOOK.md is missing" type="runbook-check">');
    const scoped = sampleReport().results[0];
    const outOfScope = { ...sampleReport(), results: [{ ...scoped, objectives: [{ ...scoped.objectives[0], status: 'fail' as const, message: 'the checks pass, but the change is out of scope' }] }] };
    expect(renderJunit(outOfScope)).toContain('type="out-of-scope"');
    const drifted = { ...outOfScope, results: [{ ...outOfScope.results[0], objectives: [{ ...outOfScope.results[0].objectives[0], drift: ['OpsRole was changed outside CloudFormation'] }] }] };
    expect(renderJunit(drifted)).toContain('type="drift"');
  });
  test('the review state is a property; checks, live evidence, drift, scope diff and acknowledgements are in system-out', () => {
    expect(xml).toContain('<property name="review" value="APPROVED by ana at 2025-06-02T09:00:00Z"/>');
    expect(xml).toContain('<property name="review" value="NOT REVIEWED"/>');
    expect(xml).toContain('check no-admin-check: pass: no-admin check says pass');
    expect(xml).toContain('live check alarm-notifies: fail: ErrorsAlarm has no alarm action');
    expect(xml).toContain('cloudwatch:DescribeAlarms AlarmNames=[awswo-alice-errors] → AlarmActions: [], StateValue: OK');
    expect(xml).toContain('DRIFT: ErrorsAlarm: AlarmActions changed outside CloudFormation');
    expect(xml).toContain('OUT OF SCOPE: ReportsBucket (AWS::S3::Bucket) would be replaced');
    expect(xml).toContain('acknowledgement (not in the pristine lab): OpsRole/DefaultPolicy/Resource AwsSolutions-IAM5 ("LAB: the student says it is fine")');
    expect(xml).toContain('acknowledgement (the lab\'s own): ReportsBucket/Bucket AwsSolutions-S1');
  });
  test('student text is escaped: no raw control character, no markup, no CDATA end', () => {
    const bad = renderJunit(hostileReport());
    expect(rawUnsafe(bad)).toBeUndefined();
    expect(bad).not.toContain('<script>');
    expect(bad).not.toContain(']]>');
    expect(bad).toContain('\\x1b[31mred');
  });
});
