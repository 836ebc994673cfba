import { renderJson } from '../../../lib/report/json';
import { drill, HOSTILE, hostileReport, objective, rawUnsafe, sampleReport, reportOf } from './fixtures';

describe('json report', () => {
  test('one drill: the result with its review, score, certification and time', () => {
    const out = JSON.parse(renderJson(reportOf([drill('d', [objective('a', 'fail')])], '/w')));
    expect(out).toMatchObject({ drill: 'd', passed: false, review: { state: 'NOT REVIEWED' }, certification: 'PENDING INSTRUCTOR REVIEW', workspace: '/w' });
    expect(Date.parse(out.generatedAt)).not.toBeNaN();
  });
  test('several drills: the report, each result with its review', () => {
    const out = JSON.parse(renderJson(sampleReport()));
    expect(out.results.map((r: { review: { state: string } }) => r.review.state)).toEqual(['NOT REVIEWED', 'APPROVED', 'NOT REVIEWED']);
  });
  test('student text is kept whole as data, and the JSON text carries no raw control character', () => {
    const text = renderJson(hostileReport());
    expect(rawUnsafe(text)).toBeUndefined();
    const out = JSON.parse(text);
    expect(out.results[0].objectives[0].message).toBe(`message: ${HOSTILE}`);
  });
});
