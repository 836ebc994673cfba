import type { GradeResult } from '../../../lib/model/result';
import { score } from '../../../lib/grading/scoring';

const result = (objectives: Array<[string, 'pass' | 'fail' | 'error', number]>): GradeResult => ({
  drill: 'd', module: '02', title: 't', passed: false, status: 'fail', durationMs: 1, acknowledgements: [], scope: { changes: [], violations: [] },
  objectives: objectives.map(([soaTask, status, weight], i) => ({ id: `o${i}`, title: '', status, message: '', hint: '', soaTask, weight, checks: [] })),
});

describe('score', () => {
  test('all passing is 1000, none is 100, compensatory in between', () => {
    expect(score([result([['4.1', 'pass', 3], ['1.1', 'pass', 1]])]).scaled).toBe(1000);
    expect(score([result([['4.1', 'fail', 3], ['1.1', 'error', 1]])]).scaled).toBe(100);
    expect(score([result([['4.1', 'pass', 3], ['1.1', 'fail', 1]])]).scaled).toBe(775);
  });
  test('the pass mark is 720 and means ready for review, not certified', () => {
    const s = score([result([['4.1', 'pass', 7], ['1.1', 'fail', 3]])]);
    expect(s.scaled).toBe(730);
    expect(s).toMatchObject({ passMark: 720, readyForReview: true });
    expect(score([result([['4.1', 'pass', 2], ['1.1', 'fail', 1]])]).readyForReview).toBe(false);
  });
  test('per-domain percentages; domains without objectives are null', () => {
    const s = score([result([['4.1', 'pass', 3], ['4.2', 'fail', 1], ['1.2', 'pass', 2]])]);
    expect(s.domains.map((d) => [d.id, d.percent])).toEqual([['1', 100], ['2', null], ['3', null], ['4', 75], ['5', null]]);
  });
});
