import { MODULE_IDS, moduleTitle } from '../course';
import type { DrillCatalog } from '../grading/catalog';
import { score } from '../grading/scoring';
import { reviewLine } from '../report';
import { shown } from '../report/safe-text';
import type { WorkspaceGrade } from './graded-workspace';
import type { DrillReview } from './review-log';

export interface DrillStatus {
  readonly drill: string;
  readonly inWorkspace: boolean;
  /** pass / fail / error, or `missing` when the workspace does not have the drill. */
  readonly result: 'pass' | 'fail' | 'error' | 'missing';
  readonly review: DrillReview;
}

export interface ModuleStatus {
  readonly module: string;
  readonly title: string;
  readonly drills: readonly DrillStatus[];
  /** The module's scaled score over the drills the workspace has; undefined when it has none. */
  readonly scaled?: number;
  /** APPROVED: every drill has a current approval; otherwise what is missing. */
  readonly state: 'APPROVED' | 'NOT APPROVED' | 'NOT IN WORKSPACE' | 'NO DRILLS';
}

export interface WorkspaceStatus {
  readonly workspace: string;
  readonly modules: readonly ModuleStatus[];
  /** CERTIFIED only when every drill of every module of the course has a current approval. */
  readonly overall: 'CERTIFIED' | 'NOT CERTIFIED';
  /** Why not, when not. */
  readonly missing: readonly string[];
  readonly log: { readonly integrity: string; readonly records: number; readonly problems: readonly string[] };
}

/**
 * Where a workspace stands in the course, module by module: the automatic result, the review
 * states, and CERTIFIED only when every module's drills have a current, verified approval. A
 * score alone never certifies.
 */
export function workspaceStatus(catalog: DrillCatalog, graded: WorkspaceGrade): WorkspaceStatus {
  const modules: ModuleStatus[] = [];
  const missing: string[] = [];
  for (const m of MODULE_IDS) {
    const all = catalog.ofModule(m);
    const drills: DrillStatus[] = all.map((d) => {
      const i = graded.drills.findIndex((x) => x.id === d.id);
      if (i < 0) return { drill: d.id, inWorkspace: false, result: 'missing' as const, review: { state: 'NOT REVIEWED' as const, current: false } };
      return { drill: d.id, inWorkspace: true, result: graded.results[i].status, review: graded.reviews[d.id] };
    });
    const present = graded.results.filter((r) => r.module === m);
    const state: ModuleStatus['state'] = all.length === 0 ? 'NO DRILLS'
      : present.length === 0 ? 'NOT IN WORKSPACE'
        : drills.every((d) => d.review.current) ? 'APPROVED' : 'NOT APPROVED';
    if (state === 'NOT IN WORKSPACE') missing.push(`module ${m} is not in the workspace`);
    if (state === 'NOT APPROVED') missing.push(`module ${m}: ${drills.filter((d) => !d.review.current).map((d) => `${d.drill} ${d.inWorkspace ? d.review.state : 'missing'}`).join(', ')}`);
    modules.push({ module: m, title: moduleTitle(m) ?? m, drills, scaled: present.length ? score(present).scaled : undefined, state });
  }
  const courseDrills = modules.flatMap((m) => m.drills);
  const certified = courseDrills.length > 0 && courseDrills.every((d) => d.review.current) && graded.log.integrity === 'verified';
  return {
    workspace: graded.workspace,
    modules,
    overall: certified ? 'CERTIFIED' : 'NOT CERTIFIED',
    missing,
    log: { integrity: graded.log.integrity, records: graded.log.records.length, problems: graded.log.problems },
  };
}

export function renderStatus(s: WorkspaceStatus): string {
  const out = [`status of ${s.workspace}`, ''];
  for (const m of s.modules) {
    out.push(`module ${m.module} ${m.title}: ${m.state}${m.scaled !== undefined ? ` (automatic: score ${m.scaled}/1000)` : ''}`);
    for (const d of m.drills) {
      if (!d.inWorkspace && m.state === 'NOT IN WORKSPACE') continue;
      out.push(`  ${d.drill.padEnd(28)} ${d.inWorkspace ? d.result.toUpperCase().padEnd(7) : 'MISSING'} ${d.inWorkspace ? reviewLine(d.review) : ''}`.trimEnd());
    }
  }
  out.push('', `review log: ${s.log.records} record(s), ${s.log.integrity}${s.log.problems.length ? ` (${s.log.problems.join('; ')})` : ''}`);
  out.push(`overall: ${s.overall}${s.overall === 'CERTIFIED' ? ': every drill of every module has a current approval' : ''}`);
  for (const m of s.missing) out.push(`  ${m}`);
  return out.map((l) => shown(l, 2400)).join('\n') + '\n';
}
