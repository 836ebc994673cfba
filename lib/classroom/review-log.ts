import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GradeInputError } from '../grading/errors';
import type { EvidenceDigest } from './evidence-digest';
import { canonicalHash, changedEvidence } from './evidence-digest';
import { RECORDS_DIR } from './workspace';

/** The review log of a workspace: one JSON record a line, appended, never rewritten. */
export const REVIEW_LOG = `${RECORDS_DIR}/reviews.jsonl`;

export type Decision = 'APPROVED' | 'REJECTED';

/** One instructor decision, as recorded. */
export interface ReviewRecord {
  readonly v: 1;
  /** The log's id (random, the same on every line): the reviewer's machine keeps its head by it. */
  readonly log: string;
  /** 1, 2, 3...: a line removed from the middle leaves a gap. */
  readonly seq: number;
  readonly at: string;
  readonly reviewer: string;
  readonly drill: string;
  readonly decision: Decision;
  readonly reason?: string;
  /** The evidence reviewed: template, documents and report hashes. */
  readonly evidence: EvidenceDigest;
  /** Hints the student had taken when reviewed. */
  readonly hintsTaken?: number;
  /** The scaled score of the drill when reviewed. */
  readonly scaled?: number;
  /** The previous record's hash ('' for the first): an edited or removed line breaks the chain. */
  readonly prev: string;
  /** sha256 of this record's canonical JSON without `hash` and `mac`. */
  readonly hash: string;
  /** HMAC-SHA256 of `hash` with the reviewers' key: only a key holder can write a record that verifies. */
  readonly mac: string;
}

export type LogIntegrity =
  /** Every record chains and carries a valid MAC; the reviewer's machine knows no later records. */
  | 'verified'
  /** The chain holds, but there is no reviewer key here to check the MACs (a student's machine). */
  | 'unverified'
  /** Something was edited, removed or forged: no decision in the log counts. */
  | 'tampered'
  | 'empty';

export interface ReviewLog {
  readonly file: string;
  readonly records: readonly ReviewRecord[];
  readonly integrity: LogIntegrity;
  /** What is wrong with the log, one sentence each (tampered), or why it is unverified. */
  readonly problems: readonly string[];
}

/** Where awswo keeps the reviewers' key and the heads of the logs they wrote: AWSWO_HOME, else ~/.config/awswo. */
export function awswoHome(): string {
  return process.env.AWSWO_HOME ?? path.join(os.homedir(), '.config', 'awswo');
}

/** The reviewers' key: AWSWO_REVIEW_KEY, else the key file in awswoHome(); undefined when there is none. */
export function reviewerKey(): Buffer | undefined {
  const env = process.env.AWSWO_REVIEW_KEY;
  if (env !== undefined && env !== '') return Buffer.from(env, 'utf8');
  try {
    const text = fs.readFileSync(path.join(awswoHome(), 'review-key'), 'utf8').trim();
    return text ? Buffer.from(text, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** The reviewers' key, made (random, mode 0600) on the first decision when there is none. */
export function ensureReviewerKey(): Buffer {
  const existing = reviewerKey();
  if (existing) return existing;
  const dir = awswoHome();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'review-key');
  fs.writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return reviewerKey()!;
}

const headsFile = () => path.join(awswoHome(), 'review-heads.json');

function readHeads(): Record<string, { seq: number; hash: string }> {
  try {
    return JSON.parse(fs.readFileSync(headsFile(), 'utf8'));
  } catch {
    return {};
  }
}

function writeHead(log: string, seq: number, hash: string): void {
  const heads = readHeads();
  if ((heads[log]?.seq ?? 0) > seq) return;
  heads[log] = { seq, hash };
  fs.mkdirSync(awswoHome(), { recursive: true, mode: 0o700 });
  const tmp = `${headsFile()}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(heads, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, headsFile());
}

const recordHash = (r: Omit<ReviewRecord, 'hash' | 'mac'> & Partial<Pick<ReviewRecord, 'hash' | 'mac'>>) => {
  const { hash: _h, mac: _m, ...rest } = r;
  return canonicalHash(rest);
};
const macOf = (key: Buffer, hash: string) => createHmac('sha256', key).update(hash).digest('hex');
const sameHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Reads and checks a workspace's review log: the chain, the MACs (with a key), the head this machine knows. */
export function readReviewLog(workspace: string, key: Buffer | undefined = reviewerKey()): ReviewLog {
  const file = path.join(workspace, REVIEW_LOG);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { file, records: [], integrity: 'empty', problems: [] };
    return { file, records: [], integrity: 'tampered', problems: [`${REVIEW_LOG} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`] };
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const problems: string[] = [];
  const records: ReviewRecord[] = [];
  let prev = '';
  let logId: string | undefined;
  for (const [i, line] of lines.entries()) {
    const n = i + 1;
    let r: ReviewRecord;
    try {
      r = JSON.parse(line);
    } catch {
      problems.push(`line ${n} is not a review record`);
      break;
    }
    if (!r || typeof r !== 'object' || r.v !== 1 || typeof r.hash !== 'string' || typeof r.drill !== 'string') {
      problems.push(`line ${n} is not a review record`);
      break;
    }
    logId ??= r.log;
    if (r.log !== logId) problems.push(`line ${n} belongs to another log`);
    if (r.seq !== n) problems.push(r.seq > n ? `records before line ${n} were removed (it is record ${r.seq})` : `line ${n} is out of order (record ${r.seq})`);
    if (r.prev !== prev) problems.push(`line ${n} does not follow line ${n - 1}: a record was removed or edited`);
    if (recordHash(r) !== r.hash) problems.push(`line ${n} was edited after it was recorded`);
    else if (key && (typeof r.mac !== 'string' || !sameHex(macOf(key, r.hash), r.mac))) problems.push(`line ${n} was not written with the reviewers' key`);
    if (r.decision !== 'APPROVED' && r.decision !== 'REJECTED') problems.push(`line ${n} has no decision`);
    prev = r.hash;
    records.push(r);
    if (problems.length) break;
  }
  if (!problems.length && logId && key) {
    const head = readHeads()[logId];
    if (head && head.seq > records.length) problems.push(`records ${records.length + 1} to ${head.seq} were removed from the end`);
    else if (head && records[head.seq - 1]?.hash !== head.hash) problems.push(`record ${head.seq} is not the one recorded here`);
  }
  if (problems.length) return { file, records, integrity: 'tampered', problems };
  if (records.length === 0) return { file, records, integrity: 'empty', problems };
  if (!key) return { file, records, integrity: 'unverified', problems: ['no reviewers\' key on this machine (AWSWO_REVIEW_KEY or the key file in AWSWO_HOME): the records cannot be verified'] };
  return { file, records, integrity: 'verified', problems };
}

export interface NewDecision {
  readonly reviewer: string;
  readonly drill: string;
  readonly decision: Decision;
  readonly reason?: string;
  readonly evidence: EvidenceDigest;
  readonly hintsTaken?: number;
  readonly scaled?: number;
  readonly at?: Date;
}

/** Appends decisions to the workspace's log (after checking it), signs them, and remembers the head here. */
export function appendDecisions(workspace: string, decisions: readonly NewDecision[], key: Buffer = ensureReviewerKey()): ReviewRecord[] {
  const log = readReviewLog(workspace, key);
  if (log.integrity === 'tampered') {
    throw new GradeInputError(`the review log ${REVIEW_LOG} was tampered with (${log.problems[0]}): move it aside and review again`);
  }
  const logId = log.records[0]?.log ?? randomUUID();
  let prev = log.records[log.records.length - 1]?.hash ?? '';
  let seq = log.records.length;
  const written: ReviewRecord[] = [];
  for (const d of decisions) {
    seq += 1;
    const base = {
      v: 1 as const, log: logId, seq, at: (d.at ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'), reviewer: d.reviewer, drill: d.drill,
      decision: d.decision, ...(d.reason !== undefined ? { reason: d.reason } : {}), evidence: d.evidence,
      ...(d.hintsTaken !== undefined ? { hintsTaken: d.hintsTaken } : {}), ...(d.scaled !== undefined ? { scaled: d.scaled } : {}), prev,
    };
    const hash = recordHash(base);
    const record: ReviewRecord = { ...base, hash, mac: macOf(key, hash) };
    written.push(record);
    prev = hash;
  }
  fs.mkdirSync(path.dirname(log.file), { recursive: true });
  fs.appendFileSync(log.file, written.map((r) => JSON.stringify(r) + '\n').join(''));
  const last = written[written.length - 1];
  if (last) writeHead(logId, last.seq, last.hash);
  return written;
}

/** The review state of one drill, as the reports show it, and whether it can be trusted. */
export interface DrillReview {
  readonly state: 'NOT REVIEWED' | 'APPROVED' | 'REJECTED' | 'STALE';
  readonly reviewer?: string;
  readonly at?: string;
  readonly reason?: string;
  /** APPROVED by a verified record for evidence that has not changed since. */
  readonly current: boolean;
}

/**
 * The state of a drill's review from the log and the evidence as it is now: the last decision
 * counts; an approval whose evidence changed since is STALE; a tampered log counts for nothing.
 */
export function reviewState(log: ReviewLog, drill: string, now: EvidenceDigest | undefined): DrillReview {
  if (log.integrity === 'tampered') {
    return { state: 'NOT REVIEWED', current: false, reason: `the review log was tampered with (${log.problems[0]}): no decision in it counts` };
  }
  const last = [...log.records].reverse().find((r) => r.drill === drill);
  if (!last) return { state: 'NOT REVIEWED', current: false };
  const who = { reviewer: last.reviewer, at: last.at };
  if (last.decision === 'REJECTED') return { state: 'REJECTED', ...who, reason: last.reason, current: false };
  const changed = now ? changedEvidence(last.evidence, now) : ['the drill can no longer be graded'];
  if (changed.length) return { state: 'STALE', ...who, reason: `${changed.join(', ')} changed`, current: false };
  if (log.integrity !== 'verified') return { state: 'APPROVED', ...who, reason: 'not verified: no reviewers\' key on this machine', current: false };
  return { state: 'APPROVED', ...who, current: true };
}

/** A reviewer's name: letters, digits, spaces and . ' _ -, starting with a letter, at most 64 characters. */
export function reviewerNameError(name: string): string | undefined {
  if (!/^[\p{L}][\p{L}\p{N} .'_-]{0,63}$/u.test(name) || /\s$/.test(name)) {
    return `"${name.replace(/[^\x20-\x7e]/g, '?')}" is not a reviewer name (letters, digits, spaces and . ' _ -, starting with a letter, at most 64 characters)`;
  }
  return undefined;
}
