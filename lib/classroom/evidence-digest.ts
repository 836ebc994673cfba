import { createHash } from 'crypto';
import type { StaticGrade } from '../grading/grade-attempt';
import type { TemplateJson } from '../model/template';
import { normaliseTemplate } from '../sandbox/identity';

/**
 * Hashes of the evidence an instructor reviewed for one drill: the lab's source, the template (identity normalised,
 * so two grades of the same work give the same hash), each document (runbook, incident log) and
 * the drill's static report (objectives, their verdicts and messages, the scope diff). When any of
 * them changes, an approval given to the old evidence no longer applies.
 */
export interface EvidenceDigest {
  /** The lab's source as the student wrote it: a change that leaves the template alone still counts. */
  readonly lab?: string;
  readonly template: string;
  /** By document name (`RUNBOOK.md`, `INCIDENT.md`). */
  readonly documents: Readonly<Record<string, string>>;
  readonly report: string;
  /** The live evidence shown at the review (`review --live`): recorded, not compared later (the deployment changes by itself). */
  readonly live?: string;
}

/** sha256 of a value's canonical JSON (keys sorted), hex. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, walk((v as Record<string, unknown>)[k])]));
    return v;
  };
  return JSON.stringify(walk(value));
}

const textHash = (text: string) => createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');

/**
 * The digest of one statically graded drill; undefined when the drill could not be graded (there
 * is no evidence to approve).
 */
export function evidenceDigest(grade: StaticGrade, labSource?: string): EvidenceDigest | undefined {
  if (!grade.template || !grade.identity || grade.result.status === 'error') return undefined;
  const { identity, result } = grade;
  // The report as data, without times, and with the fresh identity the grader chose normalised away.
  const report = normaliseTemplate({
    Resources: {},
    report: {
      drill: result.drill,
      status: result.status,
      objectives: result.objectives.map((o) => ({ id: o.id, status: o.status, message: o.message, checks: o.checks.map((c) => ({ id: c.id, status: c.status, message: c.message })) })),
      scope: result.scope,
      // As before `byLab` existed: it follows from the pristine lab, and approvals made then still hold.
      acknowledgements: result.acknowledgements.map(({ rule, path, reason }) => ({ rule, path, reason })),
    },
  } as unknown as TemplateJson, identity) as unknown as Record<string, unknown>;
  return {
    ...(labSource !== undefined ? { lab: textHash(labSource) } : {}),
    template: canonicalHash(normaliseTemplate(grade.template, identity)),
    documents: Object.fromEntries(Object.entries(grade.documents ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, d]) => [name, textHash(d.text)])),
    report: canonicalHash(report.report),
  };
}

/** What differs between the approved evidence and today's: `template`, `RUNBOOK.md`, `report`...; empty when nothing does. */
export function changedEvidence(approved: EvidenceDigest, now: EvidenceDigest): string[] {
  const changed: string[] = [];
  if (approved.lab !== now.lab) changed.push('lab.ts');
  if (approved.template !== now.template) changed.push('template');
  const names = new Set([...Object.keys(approved.documents ?? {}), ...Object.keys(now.documents)]);
  for (const n of [...names].sort()) if (approved.documents?.[n] !== now.documents[n]) changed.push(n);
  if (approved.report !== now.report) changed.push('report');
  return changed;
}
