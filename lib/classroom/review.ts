import { describeGrant, iamModel, isAdminGrant, isWildcardGrant } from '../checks/iam/model';
import type { StaticGrade } from '../grading/grade-attempt';
import { nagFindings } from '../grading/nag-findings';
import { score } from '../grading/scoring';
import type { Drill } from '../model/drill';
import type { NagFinding, ResourceChange } from '../model/evidence';
import { isLiveCheck, isLiveResult } from '../model/live-result';
import type { GradeResult } from '../model/result';
import { reviewLine } from '../report';
import { evidenceLine } from '../report/live';
import { shown } from '../report/safe-text';
import type { HintRecord } from './hints';
import { hintsTaken, hintCost } from './hints';
import type { DrillReview } from './review-log';
import { isDeepStrictEqual } from 'util';
import { readBaseline } from '../grading/baseline';

/** Everything the course says an instructor verifies for one drill, gathered from the grade. */
export interface ReviewEvidence {
  readonly drill: Drill;
  readonly result: GradeResult;
  /** The drill's own scaled score (hints subtracted). */
  readonly scaled: number;
  /** The documents as read by the grader: runbook, incident log. */
  readonly documents: ReadonlyArray<{ readonly name: string; readonly file: string; readonly text: string }>;
  /** IAM resources the student added, removed or changed against the pristine lab. */
  readonly iamChanges: readonly ResourceChange[];
  /** cdk-nag findings (grader's packs, acknowledgements ignored) on the resources the student changed. */
  readonly nagOnChanged: readonly NagFinding[];
  /** Wildcard actions, `*` resources, admin managed policies and NotAction in the student's template. */
  readonly broadGrants: readonly string[];
  readonly hints: ReadonlyArray<{ readonly objective: string; readonly cost: number; readonly at: string }>;
  readonly review: DrillReview;
}

/** Collects the review evidence of one graded drill; `live` is the same drill's live result when there is one. */
export function reviewEvidence(drill: Drill, grade: StaticGrade, result: GradeResult, hints: readonly HintRecord[], review: DrillReview): ReviewEvidence {
  const taken = hintsTaken(drill, hints).map((o) => ({ objective: o.id, cost: hintCost(drill, o), at: hints.find((h) => h.drill === drill.id && h.objective === o.id)?.at ?? '' }));
  const deductions = { [drill.id]: Object.fromEntries(taken.map((t) => [t.objective, t.cost])) };
  const documents = Object.entries(grade.documents ?? {}).map(([name, d]) => ({ name, file: d.file, text: d.text }));
  const changes = result.scope.changes;
  const iamChanges = changes.filter((c) => c.type.startsWith('AWS::IAM::'));
  let nagOnChanged: NagFinding[] = [];
  const broadGrants: string[] = [];
  if (grade.template) {
    const changed = new Set(changes.filter((c) => c.kind !== 'removed').map((c) => c.logicalId));
    nagOnChanged = nagFindings(grade.template).filter((f) => changed.has(f.logicalId));
    // The IAM model of the whole template: every principal, with every statement that reaches it.
    const model = iamModel(grade.template);
    const baseline = readBaseline(drill);
    for (const p of model.principals()) {
      if (!p.logicalId || !/^AWS::IAM::(Role|User|Group)$/.test(p.type ?? '')) continue;
      const name = pathOf(grade.template, p.logicalId);
      if (name.startsWith('AwswoGuardrails/')) continue;
      // CDK's own provider roles (Custom::...), as the grader's baseline has them, are not the student's doing.
      const pristine = baseline.Resources?.[p.logicalId];
      if (pristine && pathOf(baseline, p.logicalId).startsWith('Custom::') && isDeepStrictEqual(withoutMetadata(pristine), withoutMetadata(grade.template.Resources?.[p.logicalId]))) continue;
      for (const g of model.grantsOf(p.key)) {
        const admin = isAdminGrant(g, model.iamArnPrefix);
        if (admin || isWildcardGrant(g) || g.resource === '*') broadGrants.push(`${name}: ${admin ? 'admin-equivalent: ' : ''}${describeGrant(g)}`);
      }
    }
  }
  return {
    drill, result, scaled: score([result], { hintDeductions: deductions }).scaled, documents,
    iamChanges, nagOnChanged, broadGrants: [...new Set(broadGrants)], hints: taken, review,
  };
}

const MAX_DOCUMENT_LINES = 400;

/** The evidence as text for the instructor's terminal; student text is escaped (safe-text). */
export function renderReviewEvidence(e: ReviewEvidence): string {
  const out: string[] = [];
  const r = e.result;
  const passed = r.objectives.filter((o) => o.status === 'pass').length;
  out.push(`== ${r.drill} (module ${r.module}): ${r.title}`);
  out.push(`automatic result: ${r.status.toUpperCase()}, ${passed}/${r.objectives.length} objectives, drill score ${e.scaled}/1000 (pass mark 720)`);
  for (const o of r.objectives) out.push(`  ${o.status.toUpperCase().padEnd(5)} ${o.id}: ${o.message}`);
  out.push('', '-- permission discipline');
  out.push(e.iamChanges.length ? `IAM changes against the pristine lab (${e.iamChanges.length}):` : 'IAM changes against the pristine lab: none');
  for (const c of e.iamChanges) out.push(`  ${c.kind.padEnd(8)} ${c.constructId} ${c.type}${c.properties.length ? ` (${c.properties.join(', ')})` : ''}`);
  const other = r.scope.changes.length - e.iamChanges.length;
  if (other > 0) out.push(`other changed resources: ${other} (${[...new Set(r.scope.changes.filter((c) => !e.iamChanges.includes(c)).map((c) => c.constructId))].join(', ')})`);
  for (const v of r.scope.violations) out.push(`  OUT OF SCOPE: ${v}`);
  out.push(e.nagOnChanged.length ? `cdk-nag findings on changed resources (${e.nagOnChanged.length}):` : 'cdk-nag findings on changed resources: none');
  for (const f of e.nagOnChanged) out.push(`  ${f.severity.padEnd(7)} ${f.rule} on ${f.path || f.logicalId}`);
  out.push(e.broadGrants.length ? `wildcard and admin use in the template (${e.broadGrants.length}):` : 'wildcard and admin use in the template: none');
  for (const g of e.broadGrants) out.push(`  ${g}`);
  for (const a of r.acknowledgements.filter((x) => !x.byLab)) {
    out.push(`  acknowledged by the student: ${a.rule} on ${a.path} ("${a.reason}"), counted anyway`);
  }
  for (const d of e.documents) {
    const lines = d.text.replace(/\r\n/g, '\n').split('\n');
    out.push('', `-- ${d.name} (${d.file}${lines.length > MAX_DOCUMENT_LINES ? `, first ${MAX_DOCUMENT_LINES} of ${lines.length} lines` : ''})`);
    for (const l of lines.slice(0, MAX_DOCUMENT_LINES)) out.push(`| ${l}`);
  }
  if (isLiveResult(r)) {
    out.push('', `-- live evidence (stack ${r.live.stackName}, ${r.live.region})`);
    for (const o of r.objectives) {
      for (const c of o.checks.filter(isLiveCheck)) {
        out.push(`  ${c.status.toUpperCase().padEnd(5)} ${o.id}/${c.id}: ${c.message}`);
        for (const ev of c.evidence) out.push(`    ${evidenceLine(ev)}`);
      }
    }
    out.push(`  drift: ${r.live.drift.checked ? `${r.live.drift.drifted.length} drifted resource(s)` : 'not checked'}`);
  }
  out.push('', `-- hints taken: ${e.hints.length ? e.hints.map((h) => `${h.objective} (${h.at}${h.cost ? `, cost ${h.cost}` : ''})`).join(', ') : 'none'}`);
  out.push(`-- review: ${reviewLine(e.review)}`, '');
  return out.map((l) => shown(l, 2400)).join('\n') + '\n';
}

const withoutMetadata = (r: unknown) => {
  const { Metadata: _metadata, ...rest } = (r ?? {}) as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest));
};

/** A resource's construct path (from the template's metadata, for display), else its logical id. */
function pathOf(template: StaticGrade['template'], logicalId: string): string {
  const path = template?.Resources?.[logicalId]?.Metadata?.['aws:cdk:path'];
  return typeof path === 'string' ? path.split('/').slice(1).join('/').replace(/\/Resource$/, '') : logicalId;
}
