import { fail, pass } from '../../model/verdict';
import { StaticCheck } from '../../model/drill';
import { findResource, refTarget, render, resources, resourcesUnder } from '../../template/read';
import { FoundResource, TemplateJson } from '../../model/template';

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
 * The resource of `type` a lab construct stands for: its `Resource` child, the construct itself, or
 * the only resource of that type below it (an L2 such as AutoScalingGroup names its L1 `ASG`).
 */
export function locateResource(template: TemplateJson, constructId: string, type: string): FoundResource | undefined {
  const found = findResource(template, constructId, type);
  if (found) return found;
  const below = resourcesUnder(template, constructId, type);
  return below.length === 1 ? below[0] : undefined;
}

/**
 * The lab construct's resource (of `type`) has every expected setting. A missing resource fails:
 * fix it, don't delete it. Messages name the construct id and each setting that is off.
 */
export function resourceHas(id: string, constructId: string, type: string, expectations: readonly Expectation[]): StaticCheck {
  return {
    id,
    run: ({ template }) => {
      const r = locateResource(template, constructId, type);
      if (!r) return fail(`${constructId} (${type}) is missing from the template: fix it, don't delete it`);
      const off = expectations.filter((e) => !e.ok(settingAt(r.resource, e.path)));
      if (off.length) return fail(`${constructId}: ${off.map((e) => `${e.path} is ${shownValue(settingAt(r.resource, e.path))}, want ${e.want}`).join('; ')}`);
      return pass(`${constructId}: ${expectations.map((e) => `${e.path} ${shownValue(settingAt(r.resource, e.path))}`).join(', ')}`);
    },
  };
}

/**
 * The stack output `outputName` (its logical id) holds the ARN or Ref of a resource of `type` in this
 * template, and `judge` finds nothing wrong with that resource (it returns a problem, or undefined).
 */
export function outputReferences(
  id: string,
  outputName: string,
  type: string,
  judge: (target: FoundResource, template: TemplateJson) => string | undefined = () => undefined,
): StaticCheck {
  return {
    id,
    run: ({ template }) => {
      const outputs = (template.Outputs ?? {}) as Record<string, { Value?: unknown }>;
      const output = outputs[outputName];
      if (!output) return fail(`the stack has no output ${outputName}: export the ${type} there, under exactly that name`);
      const targetId = refTarget(output.Value);
      const target = targetId ? resources(template, { includeGuardrails: true }).find((r) => r.logicalId === targetId) : undefined;
      if (!target || target.resource.Type !== type) {
        return fail(`the output ${outputName} is ${shownValue(output.Value)}, not the ARN of a ${type} of this stack`);
      }
      const problem = judge(target, template);
      if (problem) return fail(`the output ${outputName} points at ${target.path || target.logicalId}, but ${problem}`);
      return pass(`the output ${outputName} exports ${target.path || target.logicalId} (${type})`);
    },
  };
}
