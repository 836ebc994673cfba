import { renderPrairieLearn } from '../../../lib/report/prairielearn';
import { drill, hostileReport, objective, rawUnsafe, sampleReport, reportOf } from './fixtures';
import { schemaValidator } from './schemas';

const validate = schemaValidator('prairielearn-results.schema.json');
const pl = (r: Parameters<typeof renderPrairieLearn>[0]) => JSON.parse(renderPrairieLearn(r));

describe('prairielearn results.json', () => {
  test('valid against the schema written from PrairieLearn\'s documentation, and under its 1 MB limit', () => {
    for (const r of [sampleReport(), hostileReport()]) {
      const text = renderPrairieLearn(r);
      expect(validate(JSON.parse(text))).toEqual([]);
      expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
    }
  });
  test('the schema can fail: a score above 1, a gradable result without score, points as text', () => {
    expect(validate({ score: 1.5 })).not.toEqual([]);
    expect(validate({ gradable: true })).not.toEqual([]);
    expect(validate({ score: 0, tests: [{ name: 'x', points: '1', max_points: 1 }] })).not.toEqual([]);
  });
  test('an objective that could not be verified makes the result not gradable, with score 0 and the reason', () => {
    const out = pl(sampleReport());
    expect(out).toMatchObject({ gradable: false, score: 0, format_errors: ['iam-wildcard-role: Objective runbook: check could not run: RUNBOOK.md is missing'] });
    expect(out.tests.find((t: { name: string }) => t.name.endsWith('runbook'))).toMatchObject({ points: 0, max_points: 1, message: expect.stringMatching(/^ERROR: could not be verified/) });
  });
  test('otherwise gradable: score 0–1 from the weights, points per objective', () => {
    const out = pl(reportOf([drill('d', [objective('a', 'pass', { weight: 3 }), objective('b', 'fail', { weight: 1 })])], '/w'));
    expect(out).toMatchObject({ gradable: true, score: 0.75 });
    expect(out).not.toHaveProperty('format_errors');
    expect(out.tests.map((t: { points: number; max_points: number }) => [t.points, t.max_points])).toEqual([[3, 3], [0, 1]]);
    expect(out.message).toContain('scaled score 775/1000 (pass mark 720): ready for instructor review;');
    expect(validate(out)).toEqual([]);
  });
  test('the message carries each review state; the output the scope diff and live run', () => {
    const out = pl(sampleReport());
    expect(out.message).toContain('access-denied-parameter: review: APPROVED by ana at 2025-06-02T09:00:00Z');
    expect(out.output).toContain('silent-alarms: live: stack awswo-alice-silent-alarms (UPDATE_COMPLETE)');
    expect(out.output).toContain('iam-wildcard-role: changed: replaced ReportsBucket AWS::S3::Bucket (BucketName)');
  });
  test('student text is shown escaped, never raw', () => {
    const out = pl(hostileReport());
    expect(rawUnsafe(JSON.stringify(out))).toBeUndefined();
    expect(out.tests[0].message).toContain('\\x00b');
  });
});
