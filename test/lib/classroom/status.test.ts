import { catalog } from '../../../drills/registry';
import type { WorkspaceGrade } from '../../../lib/classroom/graded-workspace';
import type { DrillReview, LogIntegrity } from '../../../lib/classroom/review-log';
import { renderStatus, workspaceStatus } from '../../../lib/classroom/status';
import { score } from '../../../lib/grading/scoring';
import type { Drill } from '../../../lib/model/drill';
import type { GradeResult } from '../../../lib/model/result';

const result = (d: Drill, status: 'pass' | 'fail' | 'error'): GradeResult => ({
  drill: d.id, module: d.module, title: d.title, passed: status === 'pass', status,
  objectives: d.objectives.map((o) => ({ id: o.id, title: o.title, status, message: status, hint: o.hint, soaTask: o.soaTask, weight: o.weight, checks: [] })),
  scope: { changes: [], violations: [] }, acknowledgements: [], durationMs: 1,
});
const approved: DrillReview = { state: 'APPROVED', reviewer: 'Ana', at: '2026-01-01T00:00:00Z', current: true };

/** A graded workspace, made up: which drills it has, how they graded, how they were reviewed. */
function graded(drills: Drill[], opts: { status?: (d: Drill) => 'pass' | 'fail' | 'error'; review?: (d: Drill) => DrillReview; integrity?: LogIntegrity } = {}): WorkspaceGrade {
  const results = drills.map((d) => result(d, opts.status?.(d) ?? 'pass'));
  return {
    workspace: '/ws', drills, results, statics: [], digests: [], hints: [], score: score(results),
    log: { file: '/ws/.awswo/reviews.jsonl', records: [], integrity: opts.integrity ?? 'verified', problems: [] },
    reviews: Object.fromEntries(drills.map((d) => [d.id, opts.review?.(d) ?? approved])),
  };
}

describe('awswo status: certification only from current approvals', () => {
  test('every drill of every module approved and current: CERTIFIED', () => {
    const s = workspaceStatus(catalog, graded(catalog.all()));
    expect(s.overall).toBe('CERTIFIED');
    expect(s.modules.filter((m) => m.state === 'APPROVED').map((m) => m.module)).toEqual(['01', '02', '03', '04', '05', '06']);
    expect(s.modules.find((m) => m.module === '07')?.state).toBe('NO DRILLS');
    expect(renderStatus(s)).toContain('overall: CERTIFIED: every drill of every module has a current approval');
  });

  test('a perfect score without approvals is not certified', () => {
    const s = workspaceStatus(catalog, graded(catalog.all(), { review: () => ({ state: 'NOT REVIEWED', current: false }) }));
    expect(s.overall).toBe('NOT CERTIFIED');
    expect(s.modules.every((m) => m.state !== 'APPROVED')).toBe(true);
    expect(renderStatus(s)).not.toMatch(/overall: CERTIFIED/);
  });

  test.each([
    ['one approval STALE', { review: (d: Drill) => (d.id === 'silent-alarms' ? { state: 'STALE' as const, reviewer: 'Ana', current: false, reason: 'RUNBOOK.md changed' } : approved) }, /module 05: silent-alarms STALE/],
    ['one drill REJECTED', { review: (d: Drill) => (d.id === 'cost-traps' ? { state: 'REJECTED' as const, reviewer: 'Bo', reason: 'no', current: false } : approved) }, /module 06: cost-traps REJECTED/],
    ['approvals that cannot be verified here', { review: () => ({ ...approved, current: false, reason: 'not verified' }), integrity: 'unverified' as const }, /not verified/],
  ])('%s: NOT CERTIFIED, and it says why', (_name, opts, why) => {
    const s = workspaceStatus(catalog, graded(catalog.all(), opts));
    expect(s.overall).toBe('NOT CERTIFIED');
    expect(renderStatus(s)).toMatch(why);
  });

  test('a workspace with one module: that module approved, the course not certified', () => {
    const s = workspaceStatus(catalog, graded(catalog.ofModule('02')));
    expect(s.modules.find((m) => m.module === '02')?.state).toBe('APPROVED');
    expect(s.modules.find((m) => m.module === '03')?.state).toBe('NOT IN WORKSPACE');
    expect(s.overall).toBe('NOT CERTIFIED');
    expect(renderStatus(s)).toContain('module 03 is not in the workspace');
  });

  test('the automatic result per module is shown, and a failing score with approvals still shows the failures', () => {
    const s = workspaceStatus(catalog, graded(catalog.ofModule('02'), { status: (d) => (d.id === 'iam-wildcard-role' ? 'fail' : 'pass') }));
    const text = renderStatus(s);
    expect(text).toMatch(/module 02 IAM & Permissions: APPROVED \(automatic: score \d+\/1000\)/);
    expect(text).toMatch(/iam-wildcard-role\s+FAIL\s+APPROVED by Ana/);
  });
});
