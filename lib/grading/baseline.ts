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

const cache = new Map<string, TemplateJson>();
const acknowledgementCache = new Map<string, readonly LabAcknowledgement[]>();

/**
 * The pristine lab's template, the grader's own copy (`npm run baselines` writes it), read once per
 * process. Callers must not change it.
 */
export function readBaseline(drill: Drill): TemplateJson {
  const file = baselineFile(drill);
  const cached = cache.get(file);
  if (cached) return cached;
  if (!fs.existsSync(file)) throw new GradeInputError(`no baseline template for ${drill.id}: run npm run baselines`);
  const template = JSON.parse(fs.readFileSync(file, 'utf8')) as TemplateJson;
  cache.set(file, template);
  return template;
}

/**
 * What the pristine lab acknowledges (`Validations.of(x).acknowledge`), read once per process: the
 * reports tell the lab's own acknowledgements from the student's by these, never by the reason's
 * wording, which a student can copy.
 */
export function readBaselineAcknowledgements(drill: Drill): readonly LabAcknowledgement[] {
  const file = baselineAcknowledgementsFile(drill);
  const cached = acknowledgementCache.get(file);
  if (cached) return cached;
  if (!fs.existsSync(file)) throw new GradeInputError(`no baseline acknowledgements for ${drill.id}: run npm run baselines`);
  const acks = JSON.parse(fs.readFileSync(file, 'utf8')) as LabAcknowledgement[];
  acknowledgementCache.set(file, acks);
  return acks;
}

/** Forget what was read (for `npm run baselines`, which rewrites them). */
export function forgetBaselines(): void {
  cache.clear();
  acknowledgementCache.clear();
}
