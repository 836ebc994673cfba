// An incident `awswo inject <drill>` puts into a deployed lab: a capability a drill may declare.

/** What an injection may use: the student's deployed stack, SDK clients, the clock. */
export interface InjectionContext {
  readonly stackName: string;
  readonly region: string;
  readonly dryRun: boolean;
  /** The physical id of a lab construct's resource in the deployed stack, or undefined. */
  resource(constructId: string): string | undefined;
  client<C>(ClientClass: new (config: Record<string, unknown>) => C): C;
  now(): Date;
}

export interface InjectionResult {
  /** One line per step: what was (or, in a dry run, would be) done. */
  readonly steps: readonly string[];
  /** When the incident began (ISO 8601 UTC); undefined in a dry run. */
  readonly injectedAt?: string;
}

export interface Injection {
  /** One line for `awswo inject --help` and the instructor. */
  readonly description: string;
  /** IAM actions the injection calls (besides cloudformation:DescribeStackResources). */
  readonly apiCalls: readonly string[];
  run(ctx: InjectionContext): Promise<InjectionResult>;
}
