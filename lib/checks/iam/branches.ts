// A raw template whose values still hold Fn::If (or resources a Condition guards) stands for
// several deployments. The grader hands checks templates with conditions already resolved per
// deployment variant; where the IAM model still meets them (a check run directly on a raw
// template), it builds one branch per assignment of the conditions it meets, without evaluating
// them: a grant in any branch counts as granted, a need must hold in every branch.
import type { TemplateJson } from '../../model/template';

/** More conditions than this and the template is refused rather than expanded (2^n branches). */
export const MAX_BRANCH_CONDITIONS = 6;

export class TooManyBranchesError extends Error {}

export interface Branch {
  /** `Cond=true, Other=false`; empty for a template without conditions. */
  readonly label: string;
  readonly template: TemplateJson;
}

/** The condition names Fn::If and resource-level Condition attributes use. */
export function conditionNames(template: TemplateJson): string[] {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'Fn::If' && Array.isArray(x) && typeof x[0] === 'string') names.add(x[0]);
        walk(x);
      }
    }
  };
  for (const r of Object.values(template.Resources ?? {})) {
    if (typeof r.Condition === 'string') names.add(r.Condition);
    walk(r.Properties);
  }
  return [...names].sort();
}

const NO_VALUE = Symbol('NoValue');

function resolveBranch(v: unknown, on: ReadonlyMap<string, boolean>): unknown {
  if (Array.isArray(v)) return v.map((x) => resolveBranch(x, on)).filter((x) => x !== NO_VALUE);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === 'Fn::If' && Array.isArray(o['Fn::If'])) {
      const [name, yes, no] = o['Fn::If'] as [string, unknown, unknown];
      return resolveBranch(on.get(name) ? yes : no, on);
    }
    if (keys.length === 1 && keys[0] === 'Ref' && o.Ref === 'AWS::NoValue') return NO_VALUE;
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const x = resolveBranch(o[k], on);
      if (x !== NO_VALUE) out[k] = x;
    }
    return out;
  }
  return v;
}

/** The template once per assignment of its conditions (just itself when it has none). */
export function branches(template: TemplateJson): Branch[] {
  const names = conditionNames(template);
  if (names.length === 0) return [{ label: '', template }];
  if (names.length > MAX_BRANCH_CONDITIONS) {
    throw new TooManyBranchesError(`the template uses ${names.length} conditions (${names.join(', ')}): too many to judge every branch; resolve them per deployment first`);
  }
  const out: Branch[] = [];
  for (let mask = 0; mask < 1 << names.length; mask++) {
    const on = new Map(names.map((n, i) => [n, (mask & (1 << i)) !== 0]));
    const resources: Record<string, any> = {};
    for (const [id, r] of Object.entries(template.Resources ?? {})) {
      if (typeof r.Condition === 'string' && !on.get(r.Condition)) continue;
      resources[id] = resolveBranch(r, on);
    }
    out.push({ label: names.map((n) => `${n}=${on.get(n)}`).join(', '), template: { ...template, Resources: resources } });
  }
  return out;
}
