import * as fs from 'fs';
import * as path from 'path';
import type { Drill } from '../model/drill';
import type { TemplateJson } from '../model/template';
import type { LabAcknowledgement } from '../sandbox/harness';
import { GradeInputError } from './errors';

export function baselineFile(drill: Drill): string {
  return path.join(drill.dir, 'baseline.template.json');
}

/** The pristine lab's own acknowledgements, written beside its template by `npm run baselines`. */
export function baselineAcknowledgementsFile(drill: Drill): string {
  return path.join(drill.dir, 'baseline.acknowledgements.json');
}

// What was read, by file: both files are generated (`npm run baselines`) and read once per process.
const cache = new Map<string, unknown>();

function readGenerated<T>(drill: Drill, file: string, what: string): T {
  if (cache.has(file)) return cache.get(file) as T;
  if (!fs.existsSync(file)) throw new GradeInputError(`no ${what} for ${drill.id}: run npm run baselines`);
  const value = JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  cache.set(file, value);
  return value;
}

/**
 * The pristine lab's template, the grader's own copy (`npm run baselines` writes it), read once per
 * process. Callers must not change it.
 */
export function readBaseline(drill: Drill): TemplateJson {
  return readGenerated<TemplateJson>(drill, baselineFile(drill), 'baseline template');
}

/**
 * What the pristine lab acknowledges (`Validations.of(x).acknowledge`), read once per process: the
 * reports tell the lab's own acknowledgements from the student's by these, never by the reason's
 * wording, which a student can copy.
 */
export function readBaselineAcknowledgements(drill: Drill): readonly LabAcknowledgement[] {
  return readGenerated<readonly LabAcknowledgement[]>(drill, baselineAcknowledgementsFile(drill), 'baseline acknowledgements');
}

/** Forget what was read (for `npm run baselines`, which rewrites them). */
export function forgetBaselines(): void {
  cache.clear();
}
