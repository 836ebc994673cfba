import { App } from 'aws-cdk-lib';
import { Guardrails } from './guardrails';
import { LabContext } from './lab-context';
import { LabStack, LabStackClass } from './lab-stack';

/** Builds one student's lab stack the same way for `cdk deploy` and for the grader, guardrails included. */
export function addLabStack(app: App, LabClass: LabStackClass, ctx: LabContext): LabStack {
  // The construct id is the drill id, not the stack name: logical ids CDK derives from construct
  // paths (security group rules, permissions) then do not depend on the student, so every
  // student's deployed stack has the baseline's logical ids. The stack name carries the student.
  const stack = new LabClass(app, ctx.drillId, { lab: ctx });
  if (!(stack instanceof LabStack)) throw new Error(`the lab for ${ctx.drillId} must extend LabStack`);
  Guardrails.apply(stack, ctx);
  return stack;
}
