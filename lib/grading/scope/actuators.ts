// Resources that change other resources after deploy: custom resources (a handler that runs on
// create, update and delete), and anything that runs code or calls AWS APIs on an event or a
// schedule. A fix they could undo is no fix, so a lab may add them only where the drill allows.
import type { FoundResource, TemplateJson } from '../../model/template';
import type { ScopeFinding } from '../../model/evidence';
import { asList, refTarget, render, resources } from '../../template/read';
import { CDK_OWN_CUSTOM_TYPES, cdkCustomResourceProblem, isCdkHandlerId } from './cdk-custom-resources';

const shown = (r: FoundResource) => r.path.replace(/\/Resource$/, '') || r.logicalId;
const constructOf = (r: FoundResource) => r.path.split('/')[0] || r.logicalId;

/** Types that act after deploy by themselves, whatever they point at. */
const ACTING_TYPES: Readonly<Record<string, string>> = {
  'AWS::SSM::Association': 'runs an SSM document on a schedule or on its targets',
  'AWS::SSM::MaintenanceWindowTask': 'runs a task in a maintenance window',
  'AWS::Config::RemediationConfiguration': 'runs an SSM automation on the resources a Config rule flags',
  'AWS::CloudFormation::Stack': 'deploys a nested stack, whose resources the grader does not see',
  'AWS::CloudFormation::StackSet': 'deploys stacks the grader does not see',
  'AWS::CloudFormation::Macro': 'registers a macro that rewrites templates',
  'AWS::CloudFormation::WaitCondition': 'holds the deployment until something outside the template signals it',
  'AWS::CloudFormation::WaitConditionHandle': 'lets something outside the template signal the deployment',
  'AWS::CloudFormation::HookVersion': 'registers a CloudFormation hook',
  'AWS::CloudFormation::HookTypeConfig': 'configures a CloudFormation hook',
  'AWS::CloudFormation::LambdaHook': 'runs a function on every stack operation',
  'AWS::CloudFormation::GuardHook': 'runs a hook on every stack operation',
  'AWS::CloudFormation::ResourceVersion': 'registers a resource type whose handler runs on deploy',
  'AWS::CloudFormation::TypeActivation': 'activates a third-party resource type',
  'AWS::CloudFormation::ModuleVersion': 'registers a module',
  'AWS::CodePipeline::Pipeline': 'starts a pipeline as soon as it is created',
  'AWS::ECS::Service': 'runs containers with their task role',
  'AWS::Pipes::Pipe': 'sends events to a target that may run code',
};

/** Where an ARN or reference points, as a service name: `lambda`, `sns`, `states`... */
function serviceOf(template: TemplateJson, target: unknown): string {
  const id = refTarget(target);
  const type = id ? (template.Resources ?? {})[id]?.Type : undefined;
  if (type) return type.split('::')[1].toLowerCase();
  const text = render(target);
  const m = /^arn:[^:]*:([^:]+):/.exec(text.replace(/\$\{AWS::Partition\}/g, 'aws'));
  return m ? m[1].toLowerCase() : 'unknown';
}

/** Targets that only deliver a message somewhere: they run nothing and change nothing. */
const DELIVERY_SERVICES = new Set(['sns', 'sqs', 'logs', 'kinesis', 'firehose', 'kinesisfirehose']);

/** One thing that runs code or calls an API after deploy: what starts it and what it runs. */
export interface Actuation {
  readonly by: FoundResource;
  /** What runs: a function's logical id, an API (`aws-sdk:cloudformation:deleteStack`), a document... */
  readonly runs: string;
  readonly how: string;
  /** A custom resource's handler, run on every create, update and delete. */
  readonly custom?: boolean;
  /** The role an API call is made with (a schedule's universal target). */
  readonly as?: string;
}

/** The functions and APIs a template runs after deploy, and what starts each. */
export function actuations(template: TemplateJson): Actuation[] {
  const out: Actuation[] = [];
  const add = (by: FoundResource, target: unknown, how: string) => out.push({ by, runs: refTarget(target) ?? render(target), how });
  for (const r of resources(template, { includeGuardrails: true })) {
    const p = (r.resource.Properties ?? {}) as Record<string, any>;
    const type = r.resource.Type;
    if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') {
      out.push({ by: r, runs: refTarget(p.ServiceToken) ?? render(p.ServiceToken), how: `handles ${shown(r)} (${type}) on every deploy`, custom: true });
    }
    else if (type === 'AWS::Events::Rule') {
      for (const t of asList(p.Targets as any[])) {
        if (!DELIVERY_SERVICES.has(serviceOf(template, t?.Arn))) add(r, t?.Arn, `runs on the events or schedule of the rule ${shown(r)}`);
      }
    } else if (type === 'AWS::Scheduler::Schedule') {
      const arn = render(p.Target?.Arn);
      const sdk = /^arn:[^:]*:scheduler:::aws-sdk:(.+)$/.exec(arn);
      if (sdk) out.push({ by: r, runs: `aws-sdk:${sdk[1]}`, how: `the schedule ${shown(r)} calls ${sdk[1]}`, as: refTarget(p.Target?.RoleArn) ?? render(p.Target?.RoleArn) });
      else if (!DELIVERY_SERVICES.has(serviceOf(template, p.Target?.Arn))) add(r, p.Target?.Arn, `runs on the schedule ${shown(r)}`);
    } else if (type === 'AWS::Lambda::EventSourceMapping') add(r, p.FunctionName, `runs on the events of ${render(p.EventSourceArn)}`);
    else if (type === 'AWS::SNS::Subscription' && String(p.Protocol).toLowerCase() === 'lambda') add(r, p.Endpoint, `runs on every message of ${render(p.TopicArn)}`);
    else if (type === 'AWS::Logs::SubscriptionFilter' && serviceOf(template, p.DestinationArn) === 'lambda') add(r, p.DestinationArn, `runs on the log events of ${render(p.LogGroupName)}`);
    else if (type === 'AWS::S3::Bucket') {
      for (const c of asList(p.NotificationConfiguration?.LambdaConfigurations as any[])) add(r, c?.Function, `runs on ${render(c?.Event)} events of ${shown(r)}`);
    } else if (type === 'AWS::CloudWatch::Alarm' || type === 'AWS::CloudWatch::CompositeAlarm') {
      for (const key of ['AlarmActions', 'OKActions', 'InsufficientDataActions']) {
        for (const a of asList(p[key] as unknown[])) if (serviceOf(template, a) === 'lambda') add(r, a, `runs when ${shown(r)} changes state`);
      }
    } else if (type in ACTING_TYPES) out.push({ by: r, runs: type, how: `${shown(r)} ${ACTING_TYPES[type]}` });
  }
  // CDK sets bucket notifications through its own custom resource: the functions it wires are actuations too.
  for (const r of resources(template, { type: 'Custom::S3BucketNotifications' })) {
    for (const c of asList(r.resource.Properties?.NotificationConfiguration?.LambdaFunctionConfigurations as any[])) {
      add(r, c?.LambdaFunctionArn, `runs on ${asList(c?.Events).join(', ')} events of ${render(r.resource.Properties?.BucketName)}`);
    }
  }
  return out;
}

const key = (a: Actuation) => `${a.by.logicalId}|${a.runs}`;

/** What an actuation may change: the role its function or API call runs as, for the message. */
function roleOf(template: TemplateJson, a: Actuation): string {
  const fn = (template.Resources ?? {})[a.runs];
  const role = a.as ?? (fn?.Type === 'AWS::Lambda::Function' ? refTarget(fn.Properties?.Role) : undefined);
  return role ? `, as ${role}: it may change whatever that role can` : '';
}

function allowed(mayAdd: readonly string[] | undefined, r: FoundResource): boolean {
  return (mayAdd ?? []).some((e) => e === r.resource.Type || r.path === e || r.path.startsWith(`${e}/`));
}

export interface ActuatorReport {
  readonly violations: string[];
  readonly findings: ScopeFinding[];
}

/**
 * New custom resources and new actuations (code or API calls the template starts after deploy,
 * not in the baseline) are out of scope unless `mayAdd` allows them; CDK's own custom resources
 * pass when they are what CDK generates, and a fake stand-in for one fails whatever `mayAdd` says.
 */
export function actuatorsInScope(baseline: TemplateJson, template: TemplateJson, mayAdd?: readonly string[]): ActuatorReport {
  const violations: string[] = [];
  const findings: ScopeFinding[] = [];
  const before = new Set(actuations(baseline).map(key));
  const baselineJson = new Map(Object.entries(baseline.Resources ?? {}).map(([id, r]) => [id, JSON.stringify({ ...r, Metadata: undefined })]));

  const fakes = new Set<string>();
  for (const r of resources(template, { includeGuardrails: true })) {
    const claimsCdk = (CDK_OWN_CUSTOM_TYPES as readonly string[]).includes(r.resource.Type) || isCdkHandlerId(r.logicalId);
    if (!claimsCdk) continue;
    const problem = cdkCustomResourceProblem(template, r.logicalId, baseline);
    if (problem) {
      fakes.add(r.logicalId);
      violations.push(`${problem}: a fake stand-in for CDK's own custom resource may change anything after deploy`);
    }
    else if (!baselineJson.has(r.logicalId) && (CDK_OWN_CUSTOM_TYPES as readonly string[]).includes(r.resource.Type)) {
      findings.push({ kind: 'cdk-custom-resource', logicalId: r.logicalId, constructId: constructOf(r), message: `${shown(r)} is CDK's own ${r.resource.Type}, as CDK generates it` });
    }
  }

  for (const a of actuations(template)) {
    if (before.has(key(a)) || (a.custom && fakes.has(a.by.logicalId))) continue;
    const isCustom = !!a.custom;
    // CDK's own custom resources, as CDK generates them, are in scope (the functions a bucket notification wires are judged on their own).
    if (isCustom && (CDK_OWN_CUSTOM_TYPES as readonly string[]).includes(a.by.resource.Type) && !cdkCustomResourceProblem(template, a.by.logicalId, baseline)) continue;
    const runs = describeRuns(template, a);
    const message = isCustom
      ? `${shown(a.by)} (${a.by.resource.Type}) is a custom resource: ${runs}${roleOf(template, a)}`
      : `${a.how}${runs ? `: ${runs}` : ''}${roleOf(template, a)}`;
    findings.push({ kind: isCustom ? 'custom-resource' : 'actuator', logicalId: a.by.logicalId, constructId: constructOf(a.by), message });
    if (!allowed(mayAdd, a.by)) violations.push(`${message}; the fix may not add what changes resources after deploy`);
  }
  return { violations, findings };
}

function describeRuns(template: TemplateJson, a: Actuation): string {
  if (a.runs.startsWith('aws-sdk:')) return '';
  if (a.runs in ACTING_TYPES) return 'the grader cannot see what it will change';
  const target = (template.Resources ?? {})[a.runs];
  if (a.by.resource.Type === 'Custom::AWS') {
    const calls = ['Create', 'Update', 'Delete'].map((k) => a.by.resource.Properties?.[k]).filter((v) => v !== undefined).map((v) => {
      try {
        const call = JSON.parse(typeof v === 'string' ? v : render(v));
        return `${call.service}.${call.action}`;
      } catch {
        return render(v).slice(0, 60);
      }
    });
    return `it calls ${calls.join(', ') || 'AWS APIs'} after deploy (AwsCustomResource)`;
  }
  if (target?.Type === 'AWS::Lambda::Function') return `it runs the function ${a.runs}`;
  return `it runs ${a.runs}`;
}
