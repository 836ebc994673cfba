import type { FoundResource, TemplateJson, TemplateResource } from '../model/template';



const GUARDRAILS_PREFIX = 'AwswoGuardrails/';

/** The construct path of a resource below its stack, from the `aws:cdk:path` metadata. */
export function constructPath(resource: TemplateResource): string {
  const full = resource.Metadata?.['aws:cdk:path'];
  if (typeof full !== 'string') return '';
  return full.split('/').slice(1).join('/');
}

/** Every resource of the template, guardrails excluded unless asked for. */
export function resources(template: TemplateJson, opts: { type?: string; includeGuardrails?: boolean } = {}): FoundResource[] {
  return Object.entries(template.Resources ?? {})
    .map(([logicalId, resource]) => ({ logicalId, resource, path: constructPath(resource) }))
    .filter((r) => !opts.type || r.resource.Type === opts.type)
    .filter((r) => opts.includeGuardrails || !r.path.startsWith(GUARDRAILS_PREFIX));
}

/**
 * The resource a lab construct stands for: `id` is the construct id in the lab (`OpsRole`) or a
 * path below it (`ReportFunction/ServiceRole`). Matches the construct's `Resource` child or the
 * construct itself when it is an L1.
 */
export function findResource(template: TemplateJson, id: string, type?: string): FoundResource | undefined {
  const all = resources(template, { type });
  return all.find((r) => r.path === `${id}/Resource`) ?? all.find((r) => r.path === id);
}

/** Every resource at or below a construct id. */
export function resourcesUnder(template: TemplateJson, id: string, type?: string): FoundResource[] {
  return resources(template, { type }).filter((r) => r.path === id || r.path.startsWith(`${id}/`));
}

/**
 * Renders a CloudFormation value as a readable string: `{Ref: X}` → `${X}`,
 * `{Fn::GetAtt: [X, Arn]}` → `${X.Arn}`, joins concatenated, so policies can be compared as text.
 */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object') {
    const v = value as Record<string, any>;
    if ('Ref' in v) return `\${${v.Ref}}`;
    if ('Fn::GetAtt' in v) {
      const att = v['Fn::GetAtt'];
      return Array.isArray(att) ? `\${${att[0]}.${att[1]}}` : `\${${att}}`;
    }
    if ('Fn::Join' in v) {
      const [sep, parts] = v['Fn::Join'];
      return (parts as unknown[]).map(render).join(sep);
    }
    if ('Fn::Sub' in v) return Array.isArray(v['Fn::Sub']) ? String(v['Fn::Sub'][0]) : String(v['Fn::Sub']);
    if ('Fn::ImportValue' in v) return `\${Import:${render(v['Fn::ImportValue'])}}`;
  }
  return JSON.stringify(value);
}

/** `value` as an array (CloudFormation allows a single item or a list in many places). */
export function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The logical id a `{Ref: X}` or `{Fn::GetAtt: [X, ...]}` points at. */
export function refTarget(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const v = value as Record<string, any>;
    if (typeof v.Ref === 'string') return v.Ref;
    if (Array.isArray(v['Fn::GetAtt'])) return v['Fn::GetAtt'][0];
  }
  return undefined;
}
