import { readiness, reviewLine, reviewOf } from '../../../lib/report';
import { AT, drill, objective, sampleReport, reportOf } from './fixtures';

describe('buildReport', () => {
  test('attaches the reviews it is given; a drill without one is NOT REVIEWED', () => {
    const report = sampleReport();
    expect(report.generatedAt).toBe(AT.toISOString());
    expect(report.results.map((r) => reviewOf(r).state)).toEqual(['NOT REVIEWED', 'APPROVED', 'NOT REVIEWED']);
    expect(report.results[0]).not.toHaveProperty('review');
  });
});

describe('reviewLine', () => {
  test.each([
    [{ state: 'NOT REVIEWED' as const }, 'NOT REVIEWED'],
    [{ state: 'APPROVED' as const, reviewer: 'ana', at: '2025-06-02T09:00:00Z' }, 'APPROVED by ana at 2025-06-02T09:00:00Z'],
    [{ state: 'REJECTED' as const, reviewer: 'ana', reason: 'no runbook' }, 'REJECTED by ana: no runbook'],
    [{ state: 'STALE' as const, reviewer: 'ana', at: 'T' }, 'STALE (approved by ana at T): the work changed after the approval'],
  ])('%j', (review, line) => {
    expect(reviewLine(review)).toBe(line);
  });
});

describe('readiness never certifies', () => {
  const report = (objectives: ReturnType<typeof objective>[]) => reportOf([drill('d', objectives)], '/w');
  test('every objective passes: ready for instructor review, no more', () => {
    expect(readiness(report([objective('a', 'pass')]))).toBe('ready for instructor review');
  });
  test('below the pass mark: not ready, with the score', () => {
    expect(readiness(report([objective('a', 'pass', { weight: 1 }), objective('b', 'fail', { weight: 3 })]))).toBe(
      'not ready for instructor review: score 325 is below the pass mark 720',
    );
  });
  test('an objective that could not be verified keeps a passing score from being ready', () => {
    const r = report([objective('a', 'pass', { weight: 9 }), objective('b', 'error', { weight: 1 })]);
    expect(r.score.scaled).toBeGreaterThanOrEqual(720);
    expect(readiness(r)).toBe('not ready for instructor review: 1 objective could not be verified');
  });
});
