// One run of an Automation document, simulated against a small, known fleet: which instances each
// step stops or starts. The document's Content is read from the template; the EC2 calls it makes are
// answered from the fleet the way EC2 answers them (filters, response shape), and step outputs are
// selected from those answers with JSONPath, as Automation does. A step the grader cannot simulate
// makes the run undecided (an error), never a pass.
import { JSONPath } from 'jsonpath-plus';

/** The parts of an Automation document (schema 0.3) the grader reads. */
export interface AutomationStep {
  readonly name: string;
  readonly action: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: ReadonlyArray<{ Name?: string; Selector?: string; Type?: string }>;
  readonly onFailure?: string;
  readonly nextStep?: string;
  readonly isEnd?: boolean;
}

export interface AutomationDocument {
  readonly schemaVersion?: string;
  readonly assumeRole?: unknown;
  readonly parameters?: Record<string, { type?: string; default?: unknown; allowedPattern?: unknown; allowedValues?: unknown }>;
  readonly mainSteps?: readonly AutomationStep[];
}

/** One instance of the simulated fleet. */
export interface FleetInstance {
  readonly id: string;
  readonly state: 'running' | 'stopped';
  readonly tags: Readonly<Record<string, string>>;
  /** The reservation it was launched in: DescribeInstances groups instances by reservation. */
  readonly reservation: string;
  readonly imageId: string;
}

/** What one step did to instances. */
export interface InstanceAction {
  readonly step: string;
  readonly verb: 'stop' | 'start';
  /** The ids the step passed to EC2, in order (ids of no fleet instance included). */
  readonly ids: readonly string[];
}

/** What one output of an aws:executeAwsApi step selected from the API's simulated response. */
export interface SelectedOutput {
  readonly step: string;
  readonly name: string;
  readonly api: string;
  readonly selector: string;
  readonly values: readonly unknown[];
}

export type RunOutcome = { readonly actions: readonly InstanceAction[]; readonly outputs: readonly SelectedOutput[] } | { readonly undecided: string };

/** EC2 instance-state codes (DescribeInstances `instance-state-code`). */
const STATE_CODES = { running: '16', stopped: '80' } as const;

/** Steps that read or wait but never change an instance or produce an output a later step acts on. */
const INERT = new Set(['aws:sleep', 'aws:pause', 'aws:approve', 'aws:assertAwsResourceProperty', 'aws:waitForAwsResourceProperty', 'aws:branch']);

/** An EC2 filter value with its wildcards (`*` any run, `?` one character), as a RegExp. */
function filterPattern(value: string): RegExp {
  return new RegExp(`^${value.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** Whether an instance passes one DescribeInstances filter, or the filter name the grader does not simulate. */
function passesFilter(i: FleetInstance, name: string, values: readonly string[]): boolean | string {
  const any = (candidates: readonly string[]) => values.some((v) => candidates.some((c) => filterPattern(v).test(c)));
  if (name.startsWith('tag:')) {
    const key = name.slice(4);
    return key in i.tags && any([i.tags[key]]);
  }
  switch (name) {
    case 'tag-key': return any(Object.keys(i.tags));
    case 'tag-value': return any(Object.values(i.tags));
    case 'instance-state-name': return any([i.state]);
    case 'instance-state-code': return any([STATE_CODES[i.state]]);
    case 'instance-id': return any([i.id]);
    case 'image-id': return any([i.imageId]);
    default: return name;
  }
}

/** The answer of ec2:DescribeInstances to `inputs`, or what the grader cannot simulate about them. */
function describeInstances(fleet: readonly FleetInstance[], inputs: Record<string, unknown>): object | string {
  let selected = [...fleet];
  const ids = inputs.InstanceIds;
  if (ids !== undefined) {
    if (!Array.isArray(ids)) return 'InstanceIds that is not a list';
    selected = selected.filter((i) => ids.includes(i.id));
  }
  for (const f of (Array.isArray(inputs.Filters) ? inputs.Filters : inputs.Filters === undefined ? [] : [null]) as any[]) {
    if (!f || typeof f.Name !== 'string' || !Array.isArray(f.Values) || f.Values.some((v: unknown) => typeof v !== 'string')) return `the filter ${JSON.stringify(f)}`;
    const unknown = selected.map((i) => passesFilter(i, f.Name, f.Values)).find((r) => typeof r === 'string');
    if (unknown !== undefined) return `the filter ${unknown}`;
    selected = selected.filter((i) => passesFilter(i, f.Name, f.Values) === true);
  }
  const reservations = [...new Set(selected.map((i) => i.reservation))].map((r) => ({
    ReservationId: r,
    OwnerId: '123456789012',
    Instances: selected.filter((i) => i.reservation === r).map((i) => ({
      InstanceId: i.id,
      ImageId: i.imageId,
      InstanceType: 't3.micro',
      State: { Code: Number(STATE_CODES[i.state]), Name: i.state },
      Tags: Object.entries(i.tags).map(([Key, Value]) => ({ Key, Value })),
    })),
  }));
  return { Reservations: reservations };
}

/** The answer of ec2:DescribeInstanceStatus (running instances only, as without IncludeAllInstances). */
function describeInstanceStatus(fleet: readonly FleetInstance[], inputs: Record<string, unknown>): object | string {
  const ids = inputs.InstanceIds;
  if (ids !== undefined && !Array.isArray(ids)) return 'InstanceIds that is not a list';
  if (inputs.Filters !== undefined) return 'Filters on DescribeInstanceStatus';
  const all = inputs.IncludeAllInstances === true;
  const selected = fleet.filter((i) => (all || i.state === 'running') && (!ids || (ids as unknown[]).includes(i.id)));
  return { InstanceStatuses: selected.map((i) => ({ InstanceId: i.id, InstanceState: { Code: Number(STATE_CODES[i.state]), Name: i.state } })) };
}

const RESPONDERS: Readonly<Record<string, (fleet: readonly FleetInstance[], inputs: Record<string, unknown>) => object | string>> = {
  'ec2:DescribeInstances': describeInstances,
  'ec2:DescribeInstanceStatus': describeInstanceStatus,
};

const WHOLE = /^\s*\{\{\s*([^}\s]+)\s*\}\}\s*$/;
const PART = /\{\{\s*([^}\s]+)\s*\}\}/g;

/** `value` with every `{{ X }}` replaced from `vars`; a whole-value reference keeps its type (a StringList stays a list). */
function substitute(value: unknown, vars: ReadonlyMap<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole && vars.has(whole[1])) return vars.get(whole[1]);
    return value.replace(PART, (m, ref: string) => (vars.has(ref) ? String(vars.get(ref)) : m));
  }
  if (Array.isArray(value)) return value.flatMap((v) => { const s = substitute(v, vars); return Array.isArray(s) && typeof v === 'string' && WHOLE.test(v) ? s : [s]; });
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  return value;
}

/** What a step does to instances, if it stops or starts them. */
function instanceVerb(step: AutomationStep): 'stop' | 'start' | undefined {
  const i = step.inputs ?? {};
  if (step.action === 'aws:changeInstanceState' && i.CheckStateOnly !== true) {
    if (i.DesiredState === 'stopped') return 'stop';
    if (i.DesiredState === 'running') return 'start';
  }
  if (step.action === 'aws:executeAwsApi' && i.Service === 'ec2') {
    if (i.Api === 'StopInstances') return 'stop';
    if (i.Api === 'StartInstances') return 'start';
  }
  return undefined;
}

/**
 * Runs `doc` against `fleet` with the parameters `given` (the others take their defaults), step by
 * step in document order: every step that stops or starts instances, with the ids it passed.
 */
export function simulateRun(doc: AutomationDocument, fleet: readonly FleetInstance[], given: Readonly<Record<string, unknown>>): RunOutcome {
  const vars = new Map<string, unknown>();
  for (const [name, p] of Object.entries(doc.parameters ?? {})) {
    if (name in given) vars.set(name, given[name]);
    else if (p.default !== undefined) vars.set(name, p.default);
  }
  const actions: InstanceAction[] = [];
  const outputs: SelectedOutput[] = [];
  for (const step of doc.mainSteps ?? []) {
    const inputs = substitute(step.inputs ?? {}, vars) as Record<string, unknown>;
    const verb = instanceVerb(step);
    if (verb) {
      // A reference nothing fills in (a parameter without a value) passes no id; a String passes one.
      const raw = inputs.InstanceIds;
      const ids = raw === undefined || (typeof raw === 'string' && raw.includes('{{')) ? [] : typeof raw === 'string' ? [raw] : raw;
      if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string')) return { undecided: `step ${step.name} passes InstanceIds ${JSON.stringify(raw)}, not a list of instance ids` };
      actions.push({ step: step.name, verb, ids: ids as string[] });
      continue;
    }
    if (step.action === 'aws:changeInstanceState' || INERT.has(step.action)) continue;
    if (step.action !== 'aws:executeAwsApi') return { undecided: `step ${step.name} uses ${step.action}, which the grader does not simulate` };
    const api = `${String(inputs.Service)}:${String(inputs.Api)}`;
    const respond = RESPONDERS[api];
    if (!respond) {
      if (/^ec2:Describe/.test(api) && !(step.outputs ?? []).length) continue;
      return { undecided: `step ${step.name} calls ${api}, whose response the grader does not simulate` };
    }
    const { Service: _s, Api: _a, ...request } = inputs;
    const response = respond(fleet, request);
    if (typeof response === 'string') return { undecided: `step ${step.name} calls ${api} with ${response}, which the grader does not simulate` };
    for (const o of step.outputs ?? []) {
      const selector = String(o.Selector ?? '');
      if (!selector.startsWith('$')) return { undecided: `step ${step.name}: the output ${o.Name} selects ${selector}, which is not a JSONPath from the response root ($)` };
      const found = JSONPath({ path: selector, json: response, eval: false, wrap: true }) as unknown[];
      const type = o.Type ?? 'String';
      vars.set(`${step.name}.${o.Name}`, type === 'StringList' || type === 'MapList' ? found : found[0]);
      outputs.push({ step: step.name, name: String(o.Name), api, selector, values: found });
    }
  }
  return { actions, outputs };
}
