import * as fs from 'fs';
import * as path from 'path';
import type { Drill } from '../model/drill';
import type { TemplateJson } from '../model/template';
import { GradeInputError } from './errors';

export function baselineFile(drill: Drill): string {
  return path.join(drill.dir, 'baseline.template.json');
}

const cache = new Map<string, TemplateJson>();

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

/** Forget what was read (for `npm run baselines`, which rewrites them). */
export function forgetBaselines(): void {
  cache.clear();
}
