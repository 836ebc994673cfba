import * as fs from 'fs';
import * as path from 'path';
import { GradeInputError } from './errors';

/** Largest document (RUNBOOK.md, INCIDENT.md) the grader reads. */
export const MAX_DOCUMENT_BYTES = 256 * 1024;
/** Largest lab source file the grader bundles. */
export const MAX_LAB_BYTES = 1024 * 1024;

const inside = (dir: string, file: string) => file === dir || file.startsWith(dir + path.sep);

/**
 * The real path of a file the grader is about to read from a workspace, after refusing what no
 * honest attempt needs: a missing file, a directory, a link that leads out of the workspace, a
 * file larger than `maxBytes`.
 */
export function checkedFile(file: string, workspace: string, shownAs: string, maxBytes: number, what: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    throw new GradeInputError(`${what} not found: ${shownAs}`);
  }
  let real = file;
  if (stat.isSymbolicLink()) {
    try {
      real = fs.realpathSync(file);
    } catch {
      throw new GradeInputError(`${what} ${shownAs} is a link to nothing`);
    }
    if (!inside(fs.realpathSync(workspace), real)) throw new GradeInputError(`${what} ${shownAs} is a link that leads out of the workspace`);
    stat = fs.statSync(real);
  }
  if (stat.isDirectory()) throw new GradeInputError(`${what} ${shownAs} is a directory, not a file`);
  if (!stat.isFile()) throw new GradeInputError(`${what} ${shownAs} is not a regular file`);
  if (stat.size > maxBytes) throw new GradeInputError(`${what} ${shownAs} is ${Math.ceil(stat.size / 1024)} KiB, more than the ${maxBytes / 1024} KiB the grader reads`);
  return real;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A text document of the workspace: bounded, UTF-8, no NUL bytes; anything else is bad input. */
export function readDocument(file: string, workspace: string, shownAs: string, what = 'document'): string {
  const real = checkedFile(file, workspace, shownAs, MAX_DOCUMENT_BYTES, what);
  const bytes = fs.readFileSync(real);
  if (bytes.includes(0)) throw new GradeInputError(`${what} ${shownAs} is binary (it contains NUL bytes), not Markdown`);
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new GradeInputError(`${what} ${shownAs} is not UTF-8 text`);
  }
  if (text.trim() === '') throw new GradeInputError(`${what} is empty: ${shownAs}`);
  return text;
}
