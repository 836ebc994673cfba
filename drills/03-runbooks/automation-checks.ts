// Checks of SSM Automation documents (AWS::SSM::Document, DocumentType Automation, schemaVersion 0.3),
// read from the synthesized template: the document's Content is parsed, never the lab code.
import { error, fail, pass, Verdict } from '../../lib/model/verdict';
import { StaticCheck } from '../../lib/model/drill';
import { asList, refTarget, render } from '../../lib/template/read';
import { FoundResource } from '../../lib/model/template';
import { identify, TemplatePair } from '../../lib/template/identity';
import { AutomationDocument, AutomationStep, FleetInstance, simulateRun } from './automation-run';

export type { AutomationDocument, AutomationStep };

const DOC = 'AWS::SSM::Document';

/**
 * The document as an Automation runbook, from its Content (an object, or a JSON string as
 * GetDocument returns it), or the one line that says why it is not one.
 */
export function automationContent(docId: string, content: unknown): AutomationDocument | string {
  if (typeof content === 'string') {
    try {
      content = JSON.parse(content);
    } catch {
      return `${docId}: write Content as an object (JSON), so it can be checked; it is a string that is not JSON`;
    }
  }
  if (!content || typeof content !== 'object') return `${docId} has no Content`;
  const doc = content as AutomationDocument;
  if (doc.schemaVersion !== '0.3') return `${docId}: schemaVersion is ${String(doc.schemaVersion)}, Automation documents use '0.3'`;
  if (!Array.isArray(doc.mainSteps) || doc.mainSteps.length === 0) return `${docId} has no mainSteps`;
  return doc;
}

/** The document's parsed Content, or a failed verdict that names the construct. */
function withAutomation(e: TemplatePair, docId: string, body: (doc: AutomationDocument, found: FoundResource) => Verdict): Verdict {
  const found = identify(e, docId, DOC);
  if (!found) return fail(`${docId} (${DOC}) is missing from the template: fix the automation, don't delete it`);
  const props = found.resource.Properties ?? {};
  if (props.DocumentType !== 'Automation') return fail(`${docId} has DocumentType ${render(props.DocumentType ?? 'unset')}, want Automation`);
  const doc = automationContent(docId, props.Content);
  if (typeof doc === 'string') return fail(doc);
  return body(doc, found);
}

const REF = /\{\{\s*([^}\s]+)\s*\}\}/g;

/** Every `{{ X }}` in a value, with the whole-value reference marked (`'{{ X }}'` and nothing else). */
function referencesIn(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(REF)].map((m) => m[1]);
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(referencesIn);
  return [];
}

function soleReference(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\s*\{\{\s*([^}\s]+)\s*\}\}\s*$/.exec(value);
  return m ? m[1] : undefined;
}

/** Where the results sit in the responses of EC2 APIs an automation often calls (aws:executeAwsApi outputs select from them). */
export const RESPONSE_ROOTS: Readonly<Record<string, string>> = {
  'ec2:DescribeInstances': 'Reservations',
  'ec2:DescribeInstanceStatus': 'InstanceStatuses',
  'ec2:DescribeImages': 'Images',
  'ec2:DescribeVolumes': 'Volumes',
  'ec2:DescribeSnapshots': 'Snapshots',
};

const stops = (s: AutomationStep) =>
  (s.action === 'aws:changeInstanceState' && s.inputs?.DesiredState === 'stopped' && s.inputs?.CheckStateOnly !== true) ||
  (s.action === 'aws:executeAwsApi' && s.inputs?.Service === 'ec2' && s.inputs?.Api === 'StopInstances');
const starts = (s: AutomationStep) =>
  (s.action === 'aws:changeInstanceState' && s.inputs?.DesiredState === 'running' && s.inputs?.CheckStateOnly !== true) ||
  (s.action === 'aws:executeAwsApi' && s.inputs?.Service === 'ec2' && s.inputs?.Api === 'StartInstances');

/**
 * What `assumeRole` is, directly or through a String parameter's default (`via` names it), or the
 * one line that says why the document runs as whoever starts it.
 */
export function assumedRole(docId: string, roleId: string, doc: AutomationDocument): { value: unknown; via: string } | string {
  if (doc.assumeRole === undefined || doc.assumeRole === '') {
    return `${docId} declares no assumeRole: the automation runs with the permissions of whoever starts it, and ${roleId} is never used`;
  }
  const param = soleReference(doc.assumeRole);
  if (!param) return { value: doc.assumeRole, via: '' };
  const p = doc.parameters?.[param];
  if (!p) return `${docId}: assumeRole reads {{ ${param} }}, which is not a parameter of the document`;
  if (p.type !== 'String') return `${docId}: the assumeRole parameter ${param} is of type ${String(p.type)}, want String`;
  if (p.default === undefined) return `${docId}: the assumeRole parameter ${param} has no default, so each caller picks the role; default it to ${roleId}'s ARN`;
  return { value: p.default, via: ` (through the parameter ${param})` };
}

/**
 * The automation runs as the lab's role: `assumeRole` is that role's ARN, directly or through a
 * String parameter whose default is that ARN, and the role trusts ssm.amazonaws.com.
 */
export function automationRunsAs(id: string, docId: string, roleId: string): StaticCheck {
  return {
    id,
    run: (e) =>
      withAutomation(e, docId, (doc) => {
        const role = identify(e, roleId, 'AWS::IAM::Role');
        if (!role) return fail(`${roleId} (AWS::IAM::Role) is missing from the template: ${docId} must run as it`);
        const trusted = asList(role.resource.Properties?.AssumeRolePolicyDocument?.Statement).some(
          (s: any) => s.Effect === 'Allow' && asList(s.Principal?.Service).map(render).includes('ssm.amazonaws.com'),
        );
        if (!trusted) return fail(`${roleId} does not trust ssm.amazonaws.com, so ${docId} cannot assume it`);
        const assumed = assumedRole(docId, roleId, doc);
        if (typeof assumed === 'string') return fail(assumed);
        const { value, via } = assumed;
        const target = refTarget(value);
        const att = (value as any)?.['Fn::GetAtt'];
        if (target === role.logicalId && Array.isArray(att) && att[1] === 'Arn') return pass(`${docId} runs as ${roleId}${via}`);
        return fail(`${docId}: assumeRole${via} is ${render(value)}, not the ARN of ${roleId}`);
      }),
  };
}

/**
 * Every `{{ X }}` a step reads resolves: a declared parameter, an output of an earlier step
 * (`Step.Output`), or an `automation:`/`global:` variable; instance-id inputs get a StringList; an
 * aws:executeAwsApi output selects from where the API's response holds its results (for the APIs in
 * RESPONSE_ROOTS); every declared step output is used by a later step.
 */
export function automationInputsResolve(id: string, docId: string): StaticCheck {
  return { id, run: (e) => withAutomation(e, docId, (doc) => inputsResolveIn(docId, doc)) };
}

/** The same judgement on a document as given (the template's Content, or GetDocument's). */
export function inputsResolveIn(docId: string, doc: AutomationDocument): Verdict {
  const steps = doc.mainSteps!;
  const params = doc.parameters ?? {};
  const outputs = new Map<string, Map<string, string>>();
  const used = new Set<string>();
  const problems: string[] = [];
  const typeOf = (ref: string, before: number): string | undefined | null => {
    if (/^(automation|global):/.test(ref)) return 'String';
    if (ref.includes('.')) {
      const [step, out] = ref.split('.', 2);
      const idx = steps.findIndex((s) => s.name === step);
      if (idx < 0 || idx >= before) return null;
      const type = outputs.get(step)?.get(out);
      if (type === undefined) return null;
      used.add(ref);
      return type;
    }
    return params[ref] ? (params[ref].type ?? 'String') : null;
  };
  const unresolved = (where: string, ref: string) => {
    const guess = [...outputs].flatMap(([s, outs]) => (outs.has(ref) ? [`${s}.${ref}`] : []));
    problems.push(`${where} reads {{ ${ref} }}, which is neither a parameter nor an output of an earlier step${guess.length ? ` (did you mean {{ ${guess[0]} }}?)` : ''}`);
  };
  for (const ref of referencesIn(doc.assumeRole)) if (typeOf(ref, 0) === null) unresolved('assumeRole', ref);
  steps.forEach((step, i) => {
    for (const ref of referencesIn(step.inputs)) if (typeOf(ref, i) === null) unresolved(`step ${step.name}`, ref);
    if (step.action === 'aws:changeInstanceState' || (step.action === 'aws:executeAwsApi' && /^(Stop|Start|Reboot)Instances$/.test(String(step.inputs?.Api)))) {
      const ids = step.inputs?.InstanceIds;
      const ref = soleReference(ids);
      const type = ref ? typeOf(ref, i) : Array.isArray(ids) ? 'StringList' : ids === undefined ? 'unset' : 'String';
      if (type && type !== 'StringList') problems.push(`step ${step.name}: InstanceIds needs a StringList, ${ref ? `{{ ${ref} }} is a ${type}` : `it is ${type}`}`);
    }
    if (step.action === 'aws:changeInstanceState' && !['running', 'stopped', 'terminated'].includes(String(step.inputs?.DesiredState))) {
      problems.push(`step ${step.name}: DesiredState is ${String(step.inputs?.DesiredState)}, want running, stopped or terminated`);
    }
    const root = step.action === 'aws:executeAwsApi' ? RESPONSE_ROOTS[`${String(step.inputs?.Service)}:${String(step.inputs?.Api)}`] : undefined;
    for (const o of asList(step.outputs as any[])) {
      if (root && !new RegExp(`^\\$\\.${root}\\b`).test(String(o.Selector))) {
        problems.push(`step ${step.name}: the output ${o.Name} selects ${String(o.Selector)}, but a ${String(step.inputs?.Api)} response holds its results under $.${root}, so the output is always empty`);
      }
    }
    outputs.set(step.name, new Map(asList(step.outputs as any[]).map((o) => [String(o.Name), String(o.Type ?? 'String')])));
  });
  for (const [step, outs] of outputs) {
    for (const out of outs.keys()) if (!used.has(`${step}.${out}`)) problems.push(`the output ${step}.${out} is never read by a later step`);
  }
  if (problems.length) return fail(`${docId}: ${problems.join('; ')}`);
  return pass(`${docId}: every input of its ${steps.length} steps resolves, with the right type`);
}

/**
 * Every step says what happens when it fails (a valid onFailure), and a step that stops instances
 * hands a failure to a step that starts them again, so a failed run never leaves them stopped.
 */
export function automationFailsSafely(id: string, docId: string): StaticCheck {
  return { id, run: (e) => withAutomation(e, docId, (doc) => failsSafelyIn(docId, doc)) };
}

/** The same judgement on a document as given (the template's Content, or GetDocument's). */
export function failsSafelyIn(docId: string, doc: AutomationDocument): Verdict {
  const steps = doc.mainSteps!;
  const byName = new Map(steps.map((s) => [s.name, s]));
  const problems: string[] = [];
  const missing = steps.filter((s) => s.onFailure === undefined).map((s) => s.name);
  if (missing.length) problems.push(`step${missing.length > 1 ? 's' : ''} ${missing.join(', ')} declare${missing.length > 1 ? '' : 's'} no onFailure (the default aborts the run where it stands)`);
  steps.forEach((s, i) => {
    if (s.onFailure === undefined) return;
    const target = /^step:(.+)$/.exec(s.onFailure)?.[1];
    if (!['Abort', 'Continue'].includes(s.onFailure) && !(target && byName.has(target))) {
      problems.push(`step ${s.name}: onFailure ${s.onFailure} is not Abort, Continue or step:<a step of this document>`);
      return;
    }
    if (!stops(s)) return;
    const next = s.onFailure === 'Continue' ? byName.get(s.nextStep ?? '') ?? steps[i + 1] : target ? byName.get(target) : undefined;
    if (!next || !starts(next)) {
      problems.push(`step ${s.name} stops instances, but on failure it ${s.onFailure === 'Abort' ? 'aborts' : `goes to ${next?.name ?? 'nothing'}`}, which leaves them stopped: send the failure to a step that starts them (onFailure: step:<the start step>)`);
    }
  });
  if (!steps.some(stops) && !steps.some(starts)) problems.push('no step stops or starts instances any more: the automation no longer restarts anything');
  if (problems.length) return fail(`${docId}: ${problems.join('; ')}`);
  return pass(`${docId}: every step handles its failure; a failed stop starts the instances again`);
}

export interface RestartGroupSpec {
  /** The tag whose value names an instance's restart group (`awswo:restart-group`). */
  readonly tag: string;
  /** The document parameter that names the group to restart (`RestartGroup`). */
  readonly parameter: string;
  /** Group names a run is tried with (at least two, so a group written into the document shows). */
  readonly groups: readonly string[];
}

/** The simulated fleet: two running members of each group, a stopped member of the first, an untagged instance. */
export function restartFleet(spec: RestartGroupSpec): FleetInstance[] {
  const hex = (n: number) => n.toString(16).padStart(17, '0');
  const fleet: FleetInstance[] = [];
  spec.groups.forEach((group, g) => {
    for (let n = 1; n <= 2; n++) fleet.push({ id: `i-${hex(g * 16 + n)}`, state: 'running', tags: { [spec.tag]: group, Name: `${group}-${n}` }, reservation: `r-${hex(g * 16 + n)}`, imageId: 'ami-0aaaaaaaaaaaaaaaa' });
  });
  fleet.push({ id: `i-${hex(0xf01)}`, state: 'stopped', tags: { [spec.tag]: spec.groups[0], Name: `${spec.groups[0]}-spare` }, reservation: `r-${hex(1)}`, imageId: 'ami-0aaaaaaaaaaaaaaaa' });
  fleet.push({ id: `i-${hex(0xf02)}`, state: 'running', tags: { Name: 'bastion' }, reservation: `r-${hex(0xf02)}`, imageId: 'ami-0bbbbbbbbbbbbbbbb' });
  return fleet;
}

/** Why the parameter's allowedPattern / allowedValues refuse `value`, undefined if they admit it, or an error where the grader cannot tell. */
function refuses(p: { allowedPattern?: unknown; allowedValues?: unknown }, value: string): string | Verdict | undefined {
  if (Array.isArray(p.allowedValues) && !p.allowedValues.includes(value)) return `its allowedValues (${p.allowedValues.join(', ')}) leave out ${value}`;
  if (typeof p.allowedPattern === 'string') {
    let re: RegExp;
    try {
      re = new RegExp(p.allowedPattern);
    } catch {
      return error(`the allowedPattern ${p.allowedPattern} is not a regular expression the grader reads`);
    }
    if (!re.test(value)) return `its allowedPattern ${p.allowedPattern} refuses ${value}`;
  }
  return undefined;
}

/**
 * A run with the group parameter set to a group stops, then starts, exactly that group's running
 * instances: tried against a simulated fleet (automation-run.ts) for each group in
 * `spec.groups`. Caught: a step that acts on instance ids written into the document or passed by the
 * caller, an output selector that matches nothing in the API's response, a filter on another tag, a
 * group written in instead of the parameter, a filter that also takes stopped or untagged instances,
 * a parameter whose allowed values refuse the group.
 */
export function automationRestartsGroup(id: string, docId: string, spec: RestartGroupSpec): StaticCheck {
  return {
    id,
    run: (e) =>
      withAutomation(e, docId, (doc) => {
        const param = doc.parameters?.[spec.parameter];
        if (!param) return fail(`${docId} declares no parameter ${spec.parameter}: whoever runs it cannot say which restart group to restart`);
        const fleet = restartFleet(spec);
        const describe = (ids: readonly string[]) =>
          ids.map((x) => {
            const i = fleet.find((f) => f.id === x);
            if (!i) return `${x} (not an instance the run found: an id written into the document or passed in)`;
            const group = i.tags[spec.tag];
            return `${x} (${group ? `a ${i.state} instance of the ${group} group` : `a ${i.state} instance of no restart group`})`;
          }).join(', ');
        const problems: string[] = [];
        for (const group of spec.groups) {
          const refused = refuses(param, group);
          if (refused && typeof refused !== 'string') return { ...refused, message: `${docId}: parameter ${spec.parameter}: ${refused.message}` };
          if (refused) {
            problems.push(`the parameter ${spec.parameter} cannot name the group ${group}: ${refused}`);
            continue;
          }
          const run = simulateRun(doc, fleet, { [spec.parameter]: group });
          if ('undecided' in run) return error(`${docId}: ${run.undecided}, so the grader cannot tell which instances it restarts`);
          const want = fleet.filter((i) => i.state === 'running' && i.tags[spec.tag] === group).map((i) => i.id);
          const where = `with ${spec.parameter}=${group}`;
          for (const verb of ['stop', 'start'] as const) {
            const acting = run.actions.filter((a) => a.verb === verb);
            if (acting.length === 0) problems.push(`no step ${verb}s instances`);
            for (const a of acting) {
              const extra = a.ids.filter((x) => !want.includes(x));
              const left = want.filter((x) => !a.ids.includes(x));
              if (a.ids.length === 0) {
                const empty = run.outputs.filter((o) => o.values.length === 0).map((o) => `the output ${o.step}.${o.name} selects nothing from a ${o.api.split(':')[1]} response (${o.selector})`);
                problems.push(`${where}, step ${a.step} ${verb}s no instance${empty.length ? `: ${empty.join('; ')}` : ''}`);
              } else if (extra.length) {
                problems.push(`${where}, step ${a.step} ${verb}s ${describe(extra)}${left.length ? `, and not ${describe(left)}` : ''}: it must ${verb} the running instances tagged ${spec.tag}=${group}, and only those`);
              } else if (left.length) {
                problems.push(`${where}, step ${a.step} ${verb}s only ${describe(a.ids)} and leaves out ${describe(left)}`);
              }
            }
          }
        }
        const unique = [...new Set(problems)];
        if (unique.length) return fail(`${docId}: ${unique.join('; ')}`);
        return pass(`${docId}: a run stops and starts exactly the running instances of the group ${spec.parameter} names (tried with ${spec.groups.join(', ')})`);
      }),
  };
}
