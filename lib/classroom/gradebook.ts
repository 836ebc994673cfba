import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'csv-stringify/sync';
import { firstLine } from '../grading/errors';
import { score } from '../grading/scoring';
import type { Drill } from '../model/drill';
import { reviewLine } from '../report';
import { visible } from '../report/safe-text';
import { DEFAULT_LIMITS, SandboxLimits, SynthPool } from '../sandbox/pool';
import { TypeChecker } from '../sandbox/typecheck';
import { gradeWorkspace } from './graded-workspace';
import { hintDeductions } from './hints';
import type { RosterEntry } from './roster';
import { handoutDrillIds } from './workspace';

export interface GradebookCell {
  readonly status: 'pass' | 'fail' | 'error' | 'not handed out';
  /** The drill's own scaled score (hints subtracted); undefined when not handed out. */
  readonly scaled?: number;
  readonly review: string;
}

export interface GradebookRow {
  readonly student: string;
  readonly workspace: string;
  /** ERROR: the workspace could not be graded at all (missing, unreadable, every lab broken). */
  readonly status: 'OK' | 'ERROR';
  readonly error?: string;
  /** By drill id. */
  readonly drills: Readonly<Record<string, GradebookCell>>;
  /** The overall scaled score over the drills graded; undefined in an ERROR row. */
  readonly scaled?: number;
  /** `3/12 approved`, with stale, rejected and tampered logs called out. */
  readonly review: string;
}

export interface Gradebook {
  readonly generatedAt: string;
  readonly drills: readonly string[];
  readonly rows: readonly GradebookRow[];
}

export interface GradebookOptions {
  /** Students graded at once (default: the cores). The sandboxed syntheses of all of them share one pool of that many processes. */
  readonly jobs?: number;
  readonly limits?: SandboxLimits;
  readonly progress?: (line: string) => void;
}

/**
 * Grades every student's workspace: each lab in its own sandboxed process, at most `jobs`
 * processes at once across the whole class, students graded concurrently. A workspace that cannot
 * be graded is one ERROR row; the other rows are made all the same.
 */
export async function buildGradebook(entries: readonly RosterEntry[], root: string, drills: readonly Drill[], opts: GradebookOptions = {}): Promise<Gradebook> {
  const jobs = Math.max(1, opts.jobs ?? os.availableParallelism());
  const pool = new SynthPool(entries.length * drills.length, opts.limits ?? DEFAULT_LIMITS, jobs);
  const typeChecker = new TypeChecker();
  const rows: GradebookRow[] = new Array(entries.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= entries.length) return;
      const e = entries[i];
      const started = Date.now();
      rows[i] = await gradeStudent(e, root, drills, { pool, typeChecker }, opts.limits);
      done++;
      const r = rows[i];
      opts.progress?.(`gradebook: ${e.student} (${done}/${entries.length}): ${r.status === 'ERROR' ? `ERROR: ${r.error}` : `score ${r.scaled}, ${r.review}`} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  };
  try {
    // Twice as many students in flight as processes: one student's bundling and judging overlap another's syntheses.
    await Promise.all(Array.from({ length: Math.min(entries.length, jobs * 2) }, worker));
  } finally {
    pool.close();
    typeChecker.close();
  }
  return { generatedAt: new Date().toISOString(), drills: drills.map((d) => d.id), rows };
}

async function gradeStudent(e: RosterEntry, root: string, drills: readonly Drill[], shared: { pool: SynthPool; typeChecker: TypeChecker }, limits?: SandboxLimits): Promise<GradebookRow> {
  const workspace = path.resolve(root, e.workspace ?? e.student);
  const error = (message: string): GradebookRow => ({ student: e.student, workspace, status: 'ERROR', error: message, drills: {}, review: 'not reviewed' });
  let real: string;
  try {
    real = fs.realpathSync(workspace);
    if (!fs.statSync(real).isDirectory()) return error('the workspace is not a folder');
    fs.readdirSync(real);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return error(code === 'ENOENT' ? 'the workspace folder does not exist' : `the workspace cannot be read (${code ?? firstLine(err)})`);
  }
  // A handout holds only the drills it was made with: the others are not this student's to do.
  const listed = handoutDrillIds(real);
  const mine = listed ? drills.filter((d) => listed.includes(d.id)) : drills;
  if (mine.length === 0) return error('the workspace has none of the drills graded');
  try {
    const graded = await gradeWorkspace(mine, real, { shared, limits });
    if (graded.results.every((r) => r.status === 'error')) return error(`every lab is broken: ${graded.results[0].error?.message ?? graded.results[0].objectives[0]?.message}`);
    const cells: Record<string, GradebookCell> = {};
    for (const d of drills) {
      const i = mine.indexOf(d);
      if (i < 0) {
        cells[d.id] = { status: 'not handed out', review: '' };
        continue;
      }
      const r = graded.results[i];
      cells[d.id] = { status: r.status, scaled: score([r], { hintDeductions: hintDeductions([d], graded.hints) }).scaled, review: reviewLine(graded.reviews[d.id]) };
    }
    const states = mine.map((d) => graded.reviews[d.id]);
    const approved = states.filter((s) => s.current).length;
    const notes = [
      states.some((s) => s.state === 'STALE') && `${states.filter((s) => s.state === 'STALE').length} stale`,
      states.some((s) => s.state === 'REJECTED') && `${states.filter((s) => s.state === 'REJECTED').length} rejected`,
      graded.log.integrity === 'tampered' && 'review log tampered',
      graded.log.integrity === 'unverified' && 'review log not verified (no reviewers\' key)',
    ].filter(Boolean);
    return {
      student: e.student, workspace: real, status: 'OK', drills: cells, scaled: graded.score.scaled,
      review: `${approved}/${mine.length} approved${notes.length ? ` (${notes.join(', ')})` : ''}`,
    };
  } catch (err) {
    return error(`the grader could not grade it: ${firstLine(err)}`);
  }
}

export type GradebookFormat = 'csv' | 'html' | 'json';

export function renderGradebook(book: Gradebook, format: GradebookFormat): string {
  if (format === 'json') return JSON.stringify(book, null, 2) + '\n';
  const header = ['student', 'workspace', 'status', 'scaled score', 'review', ...book.drills.flatMap((d) => [`${d} score`, `${d} review`]), 'error'];
  const body = book.rows.map((r) => [
    r.student, r.workspace, r.status, r.scaled ?? '', r.review,
    ...book.drills.flatMap((d) => {
      const c = r.drills[d];
      if (!c) return ['', ''];
      return [c.status === 'not handed out' ? '' : c.status === 'error' ? 'ERROR' : String(c.scaled), c.review];
    }),
    r.error ?? '',
  ].map(String));
  if (format === 'csv') return stringify([header, ...body.map((row) => row.map(spreadsheetSafe))]);
  return html(book, header, body);
}

/** A cell a spreadsheet would run as a formula (=, +, -, @ first) is quoted as text. */
const spreadsheetSafe = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : visible(cell));

const esc = (s: string) => visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function html(book: Gradebook, header: string[], body: string[][]): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
    '<title>awswo gradebook</title>',
    '<style>body{font:14px system-ui,sans-serif;margin:24px}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}tr.error td{background:#fde8e8}</style>',
    '</head><body>',
    `<h1>awswo gradebook</h1><p>${book.rows.length} students, ${book.drills.length} drills, made ${esc(book.generatedAt)}. A score never certifies: only an instructor's current approval does.</p>`,
    '<table><thead><tr>', ...header.map((h) => `<th>${esc(h)}</th>`), '</tr></thead><tbody>',
    ...book.rows.map((r, i) => `<tr class="${r.status === 'ERROR' ? 'error' : 'ok'}">${body[i].map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`),
    '</tbody></table></body></html>',
    '',
  ].join('\n');
}
