import { App } from 'aws-cdk-lib';
import { Guardrails } from './guardrails';
import { LabContext, labStackName } from './lab-context';
import { LabStack, LabStackClass } from './lab-stack';

/** Builds one student's lab stack the same way for `cdk deploy` and for the grader, guardrails included. */
export function addLabStack(app: App, LabClass: LabStackClass, ctx: LabContext): LabStack {
  const name = labStackName(ctx);
  const stack = new LabClass(app, name, { lab: ctx });
  if (!(stack instanceof LabStack)) throw new Error(`the lab for ${ctx.drillId} must extend LabStack`);
  Guardrails.apply(stack, ctx);
  return stack;
}
