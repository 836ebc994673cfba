import { fail, pass, Verdict } from '../../model/verdict';
import { StaticCheck } from '../../model/drill';
import { refTarget, render, resources } from '../../template/read';
import { identify, TemplatePair } from '../../template/identity';
import { FoundResource } from '../../model/template';

/**
 * One setting a resource must have. `path` is relative to the resource: `DeletionPolicy`,
 * `UpdatePolicy.AutoScalingRollingUpdate`, or a property (`HealthCheckType`, `Properties.X`).
 */
export interface Expectation {
  readonly path: string;
  /** What is wanted, in words: `ELB`, `at least 60`, `set`. */
  readonly want: string;
  readonly ok: (value: unknown) => boolean;
}

const RESOURCE_ATTRIBUTES = new Set(['DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy', 'CreationPolicy', 'Condition', 'DependsOn']);

/** The value at `path` in a template resource (properties unless the path starts with a resource attribute). */
export function settingAt(resource: FoundResource['resource'], path: string): unknown {
  const parts = path.split('.');
  let value: any = RESOURCE_ATTRIBUTES.has(parts[0]) || parts[0] === 'Properties' ? resource : resource.Properties;
  for (const p of parts) value = value === undefined || value === null ? undefined : value[p];
  return value;
}

/** Shows a template value in a message: `unset`, `EC2`, `${WebTargets2F627E77}`. */
export function shownValue(value: unknown): string {
  return value === undefined ? 'unset' : render(value);
}

/** Ready-made expectations: `{ path: 'HealthCheckType', ...want.equals('ELB') }`. */
export const want = {
  /** The value, rendered, is exactly this. */
  equals: (value: string | number | boolean) => ({ want: String(value), ok: (v: unknown) => v !== undefined && shownValue(v) === String(value) }),
  /** The value, rendered, is one of these. */
  oneOf: (values: readonly string[]) => ({ want: `one of ${values.join(', ')}`, ok: (v: unknown) => v !== undefined && values.includes(shownValue(v)) }),
  /** A number (CloudFormation often writes numbers as strings) of at least `min`. */
  atLeast: (min: number) => ({ want: `at least ${min}`, ok: (v: unknown) => v !== undefined && v !== null && v !== '' && Number(v) >= min }),
  /** Present, with any value. */
  present: () => ({ want: 'set', ok: (v: unknown) => v !== undefined && v !== null }),
};

/**
 * The student's resource of `type` a lab construct stands for: the resource with the logical id and
 * type the construct has in the grader's baseline (its `Resource` child, the construct itself, or
 * the only resource of that type below it), whatever the student's template says about paths; a
 * construct the fix adds is found by its path. `e` is the evidence (template and baseline).
 */
export function locateResource(e: TemplatePair, constructId: string, type: string): FoundResource | undefined {
  return identify(e, constructId, type);
}

/**
 * The lab construct's resource (of `type`) has every expected setting. A missing resource fails:
 * fix it, don't delete it. Messages name the construct id and each setting that is off.
 */
export function resourceHas(id: string, constructId: string, type: string, expectations: readonly Expectation[]): StaticCheck {
  return {
    id,
    run: (e) => {
      const r = locateResource(e, constructId, type);
      if (!r) return fail(`${constructId} (${type}) is missing from the template: fix it, don't delete it`);
      const off = expectations.filter((e) => !e.ok(settingAt(r.resource, e.path)));
      if (off.length) return fail(`${constructId}: ${off.map((e) => `${e.path} is ${shownValue(settingAt(r.resource, e.path))}, want ${e.want}`).join('; ')}`);
      return pass(`${constructId}: ${expectations.map((e) => `${e.path} ${shownValue(settingAt(r.resource, e.path))}`).join(', ')}`);
    },
  };
}

/**
 * The stack output `outputName` (its logical id) holds the ARN or Ref of a resource of `type` in this
 * template, and `judge` finds nothing wrong with that resource (it returns a problem, a verdict,
 * e.g. an error where it cannot judge, or undefined).
 */
export function outputReferences(
  id: string,
  outputName: string,
  type: string,
  judge: (target: FoundResource, e: TemplatePair) => string | Verdict | undefined = () => undefined,
): StaticCheck {
  return {
    id,
    run: (e) => {
      const { template } = e;
      const outputs = (template.Outputs ?? {}) as Record<string, { Value?: unknown }>;
      const output = outputs[outputName];
      if (!output) return fail(`the stack has no output ${outputName}: export the ${type} there, under exactly that name`);
      const targetId = refTarget(output.Value);
      const target = targetId ? resources(template, { includeGuardrails: true }).find((r) => r.logicalId === targetId) : undefined;
      if (!target || target.resource.Type !== type) {
        return fail(`the output ${outputName} is ${shownValue(output.Value)}, not the ARN of a ${type} of this stack`);
      }
      const problem = judge(target, e);
      if (typeof problem === 'string') return fail(`the output ${outputName} points at ${target.path || target.logicalId}, but ${problem}`);
      if (problem) return { status: problem.status, message: `the output ${outputName} points at ${target.path || target.logicalId}: ${problem.message}` };
      return pass(`the output ${outputName} exports ${target.path || target.logicalId} (${type})`);
    },
  };
}
