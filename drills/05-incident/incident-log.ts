// The incident log (INCIDENT.md) of module 05: parsed with the runbook parser (level-2 sections),
// one timestamp per workflow step. Used by the static structure check and the live timeline check.
import { parseRunbook, section } from '../../lib/checks/documents/runbook';
import { Runbook } from '../../lib/model/evidence';

/** The incident workflow, in order: each step is a section with the time it happened. */
export const INCIDENT_STEPS = ['Observe', 'Isolate', 'Mitigate', 'Verify', 'Document'] as const;
export type IncidentStep = (typeof INCIDENT_STEPS)[number];
/** Sections without a timestamp. */
export const INCIDENT_NOTES = ['Evidence', 'Root cause'] as const;
export const INCIDENT_SECTIONS: readonly string[] = [...INCIDENT_STEPS, ...INCIDENT_NOTES];

/** An ISO 8601 date-time with a time zone (Z or an offset); seconds optional. */
const TIMESTAMP = /\b(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s?(Z|UTC|[+-]\d{2}:?\d{2})(?![\w:])/;
/** A date-time without a zone, to say what is wrong with it. */
const ZONELESS = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

export interface StepTime {
  readonly step: IncidentStep;
  /** Undefined when the section has no (zoned) timestamp. */
  readonly at?: Date;
  /** The timestamp as written. */
  readonly written?: string;
  readonly problem?: string;
}

export interface IncidentLog {
  readonly runbook: Runbook;
  readonly steps: readonly StepTime[];
}

/** Parses a timestamp as written in the log; undefined when there is none or it has no time zone. */
export function parseTimestamp(text: string): { at?: Date; written?: string; problem?: string } {
  const m = TIMESTAMP.exec(text);
  if (!m) {
    if (ZONELESS.test(text)) return { problem: 'has a time without a time zone (write 2025-06-01T10:42:00Z)' };
    return { problem: 'has no timestamp (write 2025-06-01T10:42:00Z)' };
  }
  const zone = m[3] === 'UTC' ? 'Z' : m[3].length === 5 ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : m[3];
  const time = m[2].length === 5 ? `${m[2]}:00` : m[2];
  const at = new Date(`${m[1]}T${time}${zone}`);
  if (Number.isNaN(at.getTime())) return { written: m[0], problem: `has an impossible time ${m[0]}` };
  return { at, written: m[0] };
}

/** Parses INCIDENT.md: the runbook sections, and the first timestamp of each workflow step. */
export function parseIncidentLog(source: string, file = 'INCIDENT.md'): IncidentLog {
  const runbook = parseRunbook(source, file);
  const steps = INCIDENT_STEPS.map((step): StepTime => {
    const s = section(runbook, step);
    if (!s) return { step, problem: `has no section "## ${step}"` };
    if (!s.filled) return { step, problem: 'is not filled in' };
    return { step, ...parseTimestamp(s.text) };
  });
  return { runbook, steps };
}

/** What is wrong with the log's structure: missing or empty sections, steps without a time, steps out of order. */
export function incidentLogProblems(log: IncidentLog): string[] {
  const problems: string[] = [];
  const file = log.runbook.file;
  const missing = INCIDENT_SECTIONS.filter((t) => !section(log.runbook, t));
  if (missing.length) problems.push(`${file} has no section ${missing.map((m) => `"## ${m}"`).join(', ')}`);
  const empty = INCIDENT_SECTIONS.filter((t) => section(log.runbook, t) && !section(log.runbook, t)!.filled);
  if (empty.length) problems.push(`${file}: fill in ${empty.map((m) => `"${m}"`).join(', ')}`);
  if (problems.length) return problems;
  for (const s of log.steps) if (s.problem) problems.push(`${file}: ${s.step} ${s.problem}`);
  if (problems.length) return problems;
  for (let i = 1; i < log.steps.length; i++) {
    const before = log.steps[i - 1];
    const after = log.steps[i];
    if (after.at!.getTime() < before.at!.getTime()) problems.push(`${file}: ${after.step} (${after.written}) is before ${before.step} (${before.written})`);
  }
  // An incident takes time: one time copied into every step is not a record of when each happened.
  const times = new Set(log.steps.map((x) => x.at!.getTime()));
  if (problems.length === 0 && times.size === 1) problems.push(`${file}: every step has the same time (${log.steps[0].written}): write when each step happened`);
  return problems;
}

/** The time of a step, when the log has one. */
export function stepAt(log: IncidentLog, step: IncidentStep): Date | undefined {
  return log.steps.find((s) => s.step === step)?.at;
}
