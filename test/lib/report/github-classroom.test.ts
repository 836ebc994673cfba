import { renderGithubClassroom } from '../../../lib/report/github-classroom';
import { drill, hostileReport, objective, rawUnsafe, sampleReport, reportOf } from './fixtures';
import { schemaValidator } from './schemas';

const validate = schemaValidator('github-classroom-result.schema.json');

/**
 * How the autograding grading reporter reads a runner's result (src/main.js, src/notify-classroom.js
 * of classroom-resources/autograding-grading-reporter): base64 from <RUNNER>_RESULTS, JSON.parse,
 * then the tests' scores added up against max_score; any fail or error fails the run.
 */
function asTheReporterReadsIt(stdout: string, runner = 'awswo') {
  const env: Record<string, string> = { [`${runner.toUpperCase()}_RESULTS`]: Buffer.from(stdout).toString('base64') };
  const results = JSON.parse(Buffer.from(env[`${runner.trim().toUpperCase()}_RESULTS`], 'base64').toString('utf-8'));
  const totalScore = results.max_score ? results.tests.reduce((n: number, t: { score: number }) => n + t.score, 0) : 0;
  return { results, totalScore, maxScore: results.max_score ?? 0, failed: results.status === 'fail' || results.status === 'error' };
}

describe('github-classroom runner result', () => {
  const stdout = renderGithubClassroom(sampleReport());
  const { results, totalScore, maxScore, failed } = asTheReporterReadsIt(stdout);
  test('valid against the schema written from the graders and the reporter', () => {
    expect(validate(results)).toEqual([]);
    expect(validate(JSON.parse(renderGithubClassroom(hostileReport())))).toEqual([]);
  });
  test('the schema can fail: an unknown status, no version, no tests', () => {
    expect(validate({ ...results, status: 'passed' })).not.toEqual([]);
    expect(validate({ ...results, version: undefined })).not.toEqual([]);
    expect(validate({ ...results, tests: [] })).not.toEqual([]);
  });
  test('points are the weights earned; an ERROR test is an error worth 0 and fails the run', () => {
    expect({ totalScore, maxScore, failed, status: results.status }).toEqual({ totalScore: 5, maxScore: 11, failed: true, status: 'error' });
    const error = results.tests.find((t: { name: string }) => t.name.endsWith('runbook'));
    expect(error).toMatchObject({ status: 'error', score: 0, message: expect.stringMatching(/^ERROR: could not be verified/) });
  });
  test('status: fail when some objective fails and none errs; pass when all pass', () => {
    const fail = asTheReporterReadsIt(renderGithubClassroom(reportOf([drill('d', [objective('a', 'pass'), objective('b', 'fail')])], '/w')));
    expect([fail.results.status, fail.totalScore, fail.maxScore, fail.failed]).toEqual(['fail', 2, 4, true]);
    const pass = asTheReporterReadsIt(renderGithubClassroom(reportOf([drill('d', [objective('a', 'pass')])], '/w')));
    expect([pass.results.status, pass.totalScore, pass.maxScore, pass.failed]).toEqual(['pass', 2, 2, false]);
  });
  test('each test names its drill and objective, with checks and live evidence in its message', () => {
    expect(results.tests[4]).toMatchObject({ name: 'silent-alarms: Objective alarm-action', test_code: 'awswo grade silent-alarms (objective alarm-action)', line_no: 0, filename: '' });
    expect(results.tests[4].message).toContain('live check alarm-notifies: fail: ErrorsAlarm has no alarm action');
  });
  test('student text is shown escaped, never raw', () => {
    const text = renderGithubClassroom(hostileReport());
    expect(rawUnsafe(JSON.stringify(JSON.parse(text)))).toBeUndefined();
  });
});
