import type { Drill } from '../../../lib/model/drill';
import type { GradeResult } from '../../../lib/model/result';

/** A static grade where every objective passes, as the static grade returns it for a correct fix (without the synth). */
export function staticPass(drill: Drill): GradeResult {
  return {
    drill: drill.id,
    module: drill.module,
    title: drill.title,
    passed: true,
    status: 'pass',
    objectives: drill.objectives.map((o) => ({
      id: o.id,
      title: o.title,
      status: 'pass' as const,
      message: `${o.checks.length} static checks pass`,
      hint: o.hint,
      soaTask: o.soaTask,
      weight: o.weight,
      checks: o.checks.map((c) => ({ id: c.id, status: 'pass' as const, message: 'ok' })),
    })),
    scope: { changes: [], violations: [] },
    acknowledgements: [],
    durationMs: 1200,
  };
}
