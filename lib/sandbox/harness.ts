// Bundled with the student's lab and run ONLY in the sandboxed child process: builds the lab stack
// (guardrails included) for each identity the grader chose, synthesizes it, and hands back data.
import { App, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { addLabStack } from '../lab/lab-app';
import { LabStack } from '../lab/lab-stack';
import type { ModuleId } from '../course';
import type { SynthIdentity } from './identity';

/** What the grader asks the child to do. */
export interface SynthJob {
  readonly drillId: string;
  readonly module: ModuleId;
  readonly identities: readonly SynthIdentity[];
  /** A folder the child may write; one sub-folder per identity. */
  readonly outdir: string;
  readonly budgetUsd: number;
  readonly allowedCidr?: string;
}

/** An acknowledgement the lab made (`Validations.of(x).acknowledge`): reported, never honoured. */
export interface LabAcknowledgement {
  /** Construct path below the stack. */
  readonly path: string;
  readonly rule: string;
  readonly reason: string;
}

/** One synthesis, as data: the only thing that crosses back to the grader. */
export interface SynthRun {
  readonly identity: SynthIdentity;
  readonly template: unknown;
  readonly environment: { readonly account: string; readonly region: string };
  readonly acknowledgements: readonly LabAcknowledgement[];
}

/** A lab that does not have the shape of a lab: reported to the student as is. */
export class LabShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabShapeError';
  }
}

export function runSynthesis(LabClass: unknown, job: SynthJob): SynthRun[] {
  if (typeof LabClass !== 'function' || !(LabClass.prototype instanceof LabStack)) {
    throw new LabShapeError('lab.ts must export default a class that extends LabStack');
  }
  return job.identities.map((identity, i) => {
    // What `cdk deploy` gives a lab: the account and region of the deploying profile.
    process.env.CDK_DEFAULT_ACCOUNT = identity.account;
    process.env.CDK_DEFAULT_REGION = identity.region;
    process.env.AWS_REGION = identity.region;
    process.env.AWS_DEFAULT_REGION = identity.region;
    // No creation stack traces in the construct metadata (the grader reads templates, never the
    // manifest's traces): CDK captures one for every resource, through the bundle's source map.
    // No tree.json either: the grader reads the construct tree from the constructs themselves.
    const app = new App({ outdir: `${job.outdir}/${i}`, treeMetadata: false, context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:disable-creation-stack-traces': true, 'aws:cdk:disable-stack-trace': true } });
    const stack = addLabStack(app, LabClass as never, {
      drillId: job.drillId,
      module: job.module,
      student: identity.student,
      allowedCidr: job.allowedCidr,
      expiresAt: identity.expiresAt,
      budgetUsd: job.budgetUsd,
    });
    const artifact = app.synth().getStackArtifact(stack.artifactId);
    const { account, region } = artifact.environment;
    return { identity, template: artifact.template, environment: { account, region }, acknowledgements: acknowledgementsOf(stack) };
  });
}

function acknowledgementsOf(stack: LabStack): LabAcknowledgement[] {
  const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  const below = (c: IConstruct) => (c.node.path === stack.node.path ? '' : c.node.path.slice(stack.node.path.length + 1));
  const found: LabAcknowledgement[] = [];
  for (const c of stack.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== key || !entry.data) continue;
      for (const [rule, reason] of Object.entries(entry.data as Record<string, unknown>)) {
        found.push({ path: below(c), rule: rule.replace(/^annotation::/i, ''), reason: String(reason) });
      }
    }
  }
  return found;
}
