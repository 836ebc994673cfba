import { renderGradescope } from '../../../lib/report/gradescope';
import { drill, hostileReport, objective, rawUnsafe, sampleReport, reportOf } from './fixtures';
import { schemaValidator } from './schemas';

const validate = schemaValidator('gradescope-results.schema.json');

describe('gradescope results.json', () => {
  const out = JSON.parse(renderGradescope(sampleReport()));
  test('valid against the schema written from Gradescope\'s specification', () => {
    expect(validate(out)).toEqual([]);
    expect(validate(JSON.parse(renderGradescope(hostileReport())))).toEqual([]);
  });
  test('the schema can fail: a wrong status, a missing score or an unknown field', () => {
    expect(validate({ ...out, tests: [{ ...out.tests[0], status: 'pass' }] })).not.toEqual([]);
    expect(validate({ tests: [{ name: 'x' }] })).not.toEqual([]);
    expect(validate({ ...out, scor: 1 })).not.toEqual([]);
  });
  test('a test per objective worth its weight; only a pass earns it, an ERROR is a failed test worth 0', () => {
    expect(out.tests.map((t: { name: string; score: number; max_score: number; status: string }) => [t.name, t.score, t.max_score, t.status])).toEqual([
      ['iam-wildcard-role: Objective no-admin', 3, 3, 'passed'],
      ['iam-wildcard-role: Objective no-wildcard', 0, 2, 'failed'],
      ['iam-wildcard-role: Objective runbook', 0, 1, 'failed'],
      ['access-denied-parameter: Objective reads-config', 2, 2, 'passed'],
      ['silent-alarms: Objective alarm-action', 0, 3, 'failed'],
    ]);
    expect(out.score).toBe(5);
    expect(out.tests[2].output).toMatch(/^ERROR: could not be verified: check could not run: RUNBOOK.md is missing\nhint: hint for runbook\n/);
    expect(out.tests[2].extra_data).toMatchObject({ status: 'error', objective: 'runbook' });
  });
  test('the output says where the work stands, with each review state, the scope diff and live evidence', () => {
    expect(out.output).toContain('scaled score 509/1000 (pass mark 720): not ready for instructor review: 1 objective could not be verified');
    expect(out.output).toContain('access-denied-parameter: review: APPROVED by ana at 2025-06-02T09:00:00Z');
    expect(out.output).toContain('iam-wildcard-role: OUT OF SCOPE: ReportsBucket');
    expect(out.tests[4].output).toContain('cloudwatch:DescribeAlarms AlarmNames=[awswo-alice-errors] → AlarmActions: [], StateValue: OK');
    expect(out.extra_data.reviews['access-denied-parameter']).toEqual({ state: 'APPROVED', reviewer: 'ana', at: '2025-06-02T09:00:00Z' });
    expect(out).toMatchObject({ output_format: 'text', test_output_format: 'text', test_name_format: 'text' });
  });
  test('an all-pass report scores every weight', () => {
    const all = JSON.parse(renderGradescope(reportOf([drill('d', [objective('a', 'pass'), objective('b', 'pass', { weight: 4 })])], '/w')));
    expect(all.score).toBe(6);
    expect(validate(all)).toEqual([]);
  });
  test('student text is shown escaped, never raw; the file holds no raw control character', () => {
    const text = renderGradescope(hostileReport());
    expect(rawUnsafe(text)).toBeUndefined();
    const shown = JSON.parse(text);
    for (const field of [shown.output, ...shown.tests.flatMap((t: { name: string; output: string }) => [t.name, t.output])]) expect(rawUnsafe(field)).toBeUndefined();
    expect(JSON.parse(text).tests[0].output).toContain('\\x1b[31mred');
  });
});
