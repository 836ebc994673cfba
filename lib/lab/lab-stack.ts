import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LabContext, labStackName } from './lab-context';

/** The first path segment of every lab's SSM parameters (see {@link LabStack.labParameterName}). */
export const LAB_PARAMETER_PREFIX = 'lab';

export interface LabStackProps extends StackProps {
  readonly lab: LabContext;
}

/** Base class of every drill's lab: the student edits a subclass of it in the drill's lab.ts. */
export class LabStack extends Stack {
  readonly lab: LabContext;

  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, {
      stackName: labStackName(props.lab),
      description: `awswo lab ${props.lab.module}/${props.lab.drillId} for ${props.lab.student} (training only; expires)`,
      ...props,
    });
    this.lab = props.lab;
  }

  /** A physical name unique to this student's lab, e.g. `awswo-alice-reports`. */
  labName(suffix: string): string {
    return `awswo-${this.lab.student}-${suffix}`;
  }

  /**
   * An SSM parameter name unique to this student's lab: `/lab/<student>/<drill>/<suffix>`, e.g.
   * `/lab/alice/access-denied-parameter/orders/config`. Not `/awswo...`: AWS refuses parameter
   * names that begin with "aws" or "ssm" in any case (a reserved prefix).
   */
  labParameterName(suffix: string): string {
    return `/${LAB_PARAMETER_PREFIX}/${this.lab.student}/${this.lab.drillId}/${suffix.replace(/^\/+/, '')}`;
  }
}

/** The shape lab.ts and solution.ts export as default: a LabStack subclass. */
export type LabStackClass = new (scope: Construct, id: string, props: LabStackProps) => LabStack;
