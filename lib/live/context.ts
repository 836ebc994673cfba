import { findResource, resourcesUnder } from '../template/read';
import { TemplateJson } from '../model/template';
import type { DeployedResource, DeployedStack, LiveContext, LiveEvidence, LiveTarget } from '../model/live-check';
import type { WaitRecord } from '../model/live-result';
import type { LiveSession } from './session';

/**
 * Maps lab construct ids to the logical ids of the deployed stack through the `aws:cdk:path`
 * metadata: first the drill's baseline template (the pristine lab), then the student's own
 * synthesized template (for constructs the fix added), loaded only when needed. Logical ids do
 * not depend on the stack name, so templates synthesized for the grader match the student's stack.
 */
export class ConstructResolver {
  private studentTemplate?: TemplateJson | null;

  constructor(private readonly baseline: TemplateJson, private readonly loadStudentTemplate?: () => TemplateJson | undefined) {}

  private templates(): TemplateJson[] {
    return [this.baseline, ...(this.student() ? [this.student()!] : [])];
  }

  private student(): TemplateJson | undefined {
    if (this.studentTemplate === undefined) {
      try {
        this.studentTemplate = this.loadStudentTemplate?.() ?? null;
      } catch {
        this.studentTemplate = null;
      }
    }
    return this.studentTemplate ?? undefined;
  }

  /** The logical id of a construct's resource; a logical id given as is is accepted too. */
  logicalId(constructId: string, stack: DeployedStack): string | undefined {
    const inBaseline = findResource(this.baseline, constructId)?.logicalId;
    if (inBaseline && stack.resources.some((r) => r.logicalId === inBaseline)) return inBaseline;
    const student = this.student();
    const inStudent = student ? findResource(student, constructId)?.logicalId : undefined;
    if (inStudent && stack.resources.some((r) => r.logicalId === inStudent)) return inStudent;
    if (stack.resources.some((r) => r.logicalId === constructId)) return constructId;
    return undefined;
  }

  /** Every logical id at or below a construct (its policies, its default child...), for drift attribution. */
  logicalIdsUnder(constructId: string): string[] {
    const ids = new Set<string>();
    for (const t of this.templates()) for (const r of resourcesUnder(t, constructId)) ids.add(r.logicalId);
    return [...ids];
  }

  /** The construct id (`OpsRole`) of a logical id, for messages. */
  constructIdOf(logicalId: string): string | undefined {
    for (const t of this.templates()) {
      const path = (t.Resources?.[logicalId]?.Metadata?.['aws:cdk:path'] as string | undefined)?.split('/').slice(1);
      if (path?.length) return path.filter((p) => p !== 'Resource' && p !== 'Default').join('/');
    }
    return undefined;
  }
}

export interface WaitOptions {
  readonly sleep: (ms: number) => Promise<void>;
  readonly clock: () => number;
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

export const DEFAULT_WAIT_MS = 30_000;

/**
 * Polls `probe` with bounded exponential backoff (initial delay doubling up to `maxDelayMs`)
 * until it returns a value or `timeoutMs` passes; records what was waited for. SDK errors in the
 * probe propagate.
 */
export async function waitWithBackoff<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  opts: WaitOptions,
  record: (w: WaitRecord) => void,
): Promise<T | undefined> {
  const started = opts.clock();
  let delay = opts.initialDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 8_000;
  for (let attempts = 1; ; attempts++) {
    const value = await probe();
    const waitedMs = opts.clock() - started;
    if (value !== undefined) {
      record({ what, waitedMs, attempts, outcome: 'ready' });
      return value;
    }
    if (waitedMs + delay > timeoutMs) {
      record({ what, waitedMs, attempts, outcome: 'timed out' });
      return undefined;
    }
    await opts.sleep(delay);
    delay = Math.min(delay * 2, maxDelay);
  }
}

/** The LiveContext one live check runs with: it records the evidence, waits and resources of that check. */
export class CheckContext implements LiveContext {
  readonly evidence: LiveEvidence[] = [];
  readonly waits: WaitRecord[] = [];
  /** Logical ids this check looked up (and what lies under them): drift on them concerns this check. */
  readonly touched = new Set<string>();

  constructor(
    readonly target: LiveTarget,
    readonly stack: DeployedStack,
    private readonly session: LiveSession,
    private readonly resolver: ConstructResolver,
  ) {}

  resource(constructId: string): DeployedResource | undefined {
    this.touch(constructId);
    const logicalId = this.resolver.logicalId(constructId, this.stack);
    return logicalId ? this.stack.resources.find((r) => r.logicalId === logicalId) : undefined;
  }

  /** Marks a construct (and what lies under it) as something this check's verdict rests on. */
  touch(constructId: string): void {
    for (const id of this.resolver.logicalIdsUnder(constructId)) this.touched.add(id);
    const logicalId = this.resolver.logicalId(constructId, this.stack);
    if (logicalId) this.touched.add(logicalId);
  }

  client<C>(ClientClass: new (config: Record<string, unknown>) => C): C {
    return this.session.client(ClientClass);
  }

  record(evidence: LiveEvidence): void {
    this.evidence.push(evidence);
  }

  waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = DEFAULT_WAIT_MS): Promise<T | undefined> {
    return waitWithBackoff(what, probe, timeoutMs, { sleep: this.session.sleep, clock: this.session.clock }, (w) => this.waits.push(w));
  }
}
