import * as fs from 'fs';
import { parse } from 'csv-parse/sync';
import { GradeInputError } from '../grading/errors';
import { studentNameError } from '../lab/lab-context';
import { shown } from '../model/text';

/** One student of a class roster. */
export interface RosterEntry {
  readonly student: string;
  /** The `workspace` column: the student's workspace folder, relative to --workspaces DIR (or absolute). */
  readonly workspace?: string;
  /** The `account` column: the AWS account (12 digits) the student's labs live in. */
  readonly account?: string;
  /** The `role` column: the role to assume in that account (an ARN, or a role name in `account`). */
  readonly role?: string;
  /** The `region` column, when the student's labs live in their own region. */
  readonly region?: string;
  /** The roster's line the entry is on (1-based, the header being line 1). */
  readonly line: number;
}

/** A roster that cannot be used: one line, exit 2, nothing done. */
export class RosterError extends GradeInputError {
  constructor(message: string) {
    super(message);
    this.name = 'RosterError';
  }
}

const COLUMNS = ['student', 'workspace', 'account', 'role', 'region'] as const;

/**
 * Reads a class roster: a CSV file (RFC 4180: quoted fields, commas and quotes inside them, CRLF,
 * a UTF-8 byte order mark) with a header naming the columns `student` and, as needed, `workspace`,
 * `account`, `role`, `region` (case-insensitive, any order, other columns ignored); or one student
 * name a line. Blank lines and lines starting with `#` are skipped. Every name is checked, none may
 * appear twice, and `need` lists the columns the command cannot do without.
 */
export function readRoster(file: string, need: ReadonlyArray<(typeof COLUMNS)[number]> = []): RosterEntry[] {
  let text: string;
  try {
    if (!fs.statSync(file).isFile()) throw new Error('not a file');
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new RosterError(`roster not found: ${shown(file)}`);
  }
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = (parse as (input: string, options: object) => typeof parsed)(text, { bom: true, comment: '#', comment_no_infix: true, skip_empty_lines: true, trim: true, relax_column_count: false, info: true });
  } catch (err) {
    throw new RosterError(`roster ${shown(file)} is not valid CSV: ${(err as Error).message.split('\n')[0]}`);
  }
  parsed = parsed.filter((r) => r.record.some((c) => c !== ''));
  const rows = parsed.map((r) => r.record);
  // The line a record ends on, as an editor numbers it.
  const lineOf = (i: number) => parsed[i].info.lines;
  if (rows.length === 0) throw new RosterError(`roster ${shown(file)} names no student`);
  const header = rows[0].map((c) => c.toLowerCase());
  let entries: RosterEntry[];
  if (header.includes('student')) {
    const col = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)]));
    const missing = need.filter((c) => col[c] < 0);
    if (missing.length) throw new RosterError(`roster ${shown(file)} has no ${missing.map((m) => `"${m}"`).join(', ')} column (columns: ${rows[0].join(', ')})`);
    const cell = (r: string[], c: (typeof COLUMNS)[number]) => (col[c] >= 0 && r[col[c]] !== '' ? r[col[c]] : undefined);
    entries = rows.slice(1).map((r, i) => ({
      student: r[col.student] ?? '', workspace: cell(r, 'workspace'), account: cell(r, 'account'), role: cell(r, 'role'), region: cell(r, 'region'), line: lineOf(i + 1),
    }));
  } else if (header.length > 1) {
    throw new RosterError(`roster ${shown(file)}: a CSV needs a "student" column (or give one name a line)`);
  } else {
    if (need.length) throw new RosterError(`roster ${shown(file)} needs a header with the columns student, ${need.join(', ')}`);
    entries = rows.map((r, i) => ({ student: r[0], line: lineOf(i) }));
  }
  const seen = new Set<string>();
  for (const e of entries) {
    const where = `roster ${shown(file)}, line ${e.line}`;
    const problem = studentNameError(e.student);
    if (problem) throw new RosterError(`${where}: ${problem}`);
    if (seen.has(e.student)) throw new RosterError(`${where}: student "${e.student}" is listed twice`);
    seen.add(e.student);
    for (const c of need) if (e[c] === undefined) throw new RosterError(`${where}: no ${c} for ${e.student}`);
    if (e.account !== undefined && !/^\d{12}$/.test(e.account)) throw new RosterError(`${where}: account "${shown(e.account)}" is not a 12-digit AWS account id`);
    if (e.role !== undefined) {
      if (e.account === undefined && !e.role.startsWith('arn:')) throw new RosterError(`${where}: role "${shown(e.role)}" needs an account column, or give the role's ARN`);
      const arn = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/.exec(e.role);
      if (e.role.startsWith('arn:') && !arn) throw new RosterError(`${where}: role "${shown(e.role)}" is not an IAM role ARN`);
      if (!e.role.startsWith('arn:') && !/^[\w+=,.@-]{1,64}$/.test(e.role)) throw new RosterError(`${where}: role "${shown(e.role)}" is not an IAM role name`);
      if (arn && e.account !== undefined && arn[1] !== e.account) throw new RosterError(`${where}: role ${shown(e.role)} is not in account ${e.account}`);
    }
    if (e.region !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(e.region)) throw new RosterError(`${where}: region "${shown(e.region)}" is not an AWS region such as eu-west-1`);
  }
  if (entries.length === 0) throw new RosterError(`roster ${shown(file)} names no student`);
  return entries;
}

/** The ARN of the role to assume for a student, when the roster gives one. */
export function roleArn(e: RosterEntry): string | undefined {
  if (e.role === undefined) return undefined;
  if (e.role.startsWith('arn:')) return e.role;
  return `arn:aws:iam::${e.account}:role/${e.role}`;
}

/** The account a student's labs live in: the account column, or the role ARN's. */
export function accountOf(e: RosterEntry): string | undefined {
  return e.account ?? (e.role?.startsWith('arn:') ? e.role.split(':')[4] : undefined);
}
