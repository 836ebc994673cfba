import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import type { Drill } from '../model/drill';
import { firstLine, GradeInputError } from './errors';
import type { TemplateJson } from '../model/template';
import { addLabStack, LAB_DEFAULTS, LabStack, LabStackClass } from '../lab';

/** Static grading synthesizes every lab for this student and expiry, so templates compare with the baselines. */
export const GRADING_STUDENT = 'grader';
export const GRADING_EXPIRES_AT = '2030-01-01T00:00:00Z';
/**
 * The account a lab sees in CDK_DEFAULT_ACCOUNT while the grader synthesizes it: a lab that pins
 * its account from the environment shows this, one that leaves it unpinned shows `unknown-account`.
 * CDK_DEFAULT_REGION is unset, so only a literal region pins the region.
 */
export const GRADING_ACCOUNT = '210987654321';

/** Runs `body` with the grader's fixed CDK environment variables, restoring the caller's after. */
function withGradingEnvironment<T>(body: () => T): T {
  const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  process.env.CDK_DEFAULT_ACCOUNT = GRADING_ACCOUNT;
  delete process.env.CDK_DEFAULT_REGION;
  try {
    return body();
  } finally {
    for (const [key, value] of [['CDK_DEFAULT_ACCOUNT', saved.account], ['CDK_DEFAULT_REGION', saved.region]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** Loads the LabStack subclass a lab.ts or solution.ts exports as default. */
export function loadLabClass(file: string, shownAs = file): LabStackClass {
  if (!fs.existsSync(file)) throw new GradeInputError(`lab file not found: ${shownAs}`);
  let mod: any;
  try {
    delete require.cache[require.resolve(file)];
    mod = require(file);
  } catch (err) {
    throw new GradeInputError(`cannot load ${shownAs}: ${firstLine(err)}`);
  }
  const LabClass = mod?.default;
  if (typeof LabClass !== 'function' || !(LabClass.prototype instanceof LabStack)) {
    throw new GradeInputError(`${shownAs} must export default a class that extends LabStack`);
  }
  return LabClass;
}

export interface SynthOptions {
  readonly student?: string;
  readonly allowedCidr?: string;
}

export interface SynthResult {
  readonly stack: LabStack;
  readonly template: TemplateJson;
  readonly environment: { readonly account: string; readonly region: string };
}

/** Synthesizes one lab in-process (guardrails included) and returns its stack and template. */
export function synthLab(drill: Drill, LabClass: LabStackClass, opts: SynthOptions = {}, shownAs = 'lab'): SynthResult {
  return withGradingEnvironment(() => synthInProcess(drill, LabClass, opts, shownAs));
}

function synthInProcess(drill: Drill, LabClass: LabStackClass, opts: SynthOptions, shownAs: string): SynthResult {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-synth-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
    const stack = addLabStack(app, LabClass, {
      drillId: drill.id,
      module: drill.module,
      student: opts.student ?? GRADING_STUDENT,
      allowedCidr: opts.allowedCidr,
      expiresAt: GRADING_EXPIRES_AT,
      budgetUsd: LAB_DEFAULTS.budgetUsd,
    });
    const assembly = app.synth();
    const artifact = assembly.getStackArtifact(stack.artifactId);
    const template = artifact.template as TemplateJson;
    const { account, region } = artifact.environment;
    return { stack, template, environment: { account, region } };
  } catch (err) {
    if (err instanceof GradeInputError) throw err;
    throw new GradeInputError(`synth error in ${shownAs}: ${firstLine(err)}`);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
