import type { ModuleId, SoaTaskId } from '../course';
import { soaTask } from '../course';
import type { TemplateJson } from './template';
import type { DocumentText, NagFinding, Runbook, ScopeReport, SynthIdentity } from './evidence';
import type { Injection } from './injection';
import type { DrillInfo, LiveCheck } from './live-check';
import type { Verdict } from './verdict';

export type { DocumentText };

/** Everything a static check may look at. Checks never see the student's code, only its artifacts. */
export interface StaticEvidence {
  /** The template synthesized from the workspace's lab, guardrails included. */
  readonly template: TemplateJson;
  /**
   * The pristine lab's template (the grader's own copy): the drill's resources are identified by
   * their logical ids and types here, never by what the student's template says about itself.
   */
  readonly baseline: TemplateJson;
  /** cdk-nag findings the grader computed itself; student acknowledgements are ignored. */
  readonly nag: readonly NagFinding[];
  /** Differences against the pristine lab's baseline template. */
  readonly scope: ScopeReport;
  /** The workspace's RUNBOOK.md, parsed, when the drill asks for one. */
  readonly runbook?: Runbook;
  /**
   * Every document the drill reads (RUNBOOK.md, INCIDENT.md, ...), by file name, as read by the
   * grader (bounded, text only): checks never read the workspace themselves.
   */
  readonly documents: Readonly<Record<string, DocumentText>>;
  /**
   * The identity the grader synthesized the lab for, fresh each run: the lab saw this student name
   * and expiry, and this account in CDK_DEFAULT_ACCOUNT.
   */
  readonly identity: SynthIdentity;
  /** The stack's environment; `unknown-account` / `unknown-region` when the lab leaves it unpinned. */
  readonly environment: { readonly account: string; readonly region: string };
}

/** A pure function from evidence to a verdict. */
export interface StaticCheck {
  readonly id: string;
  readonly run: (evidence: StaticEvidence) => Verdict;
}

export interface Objective {
  readonly id: string;
  readonly title: string;
  readonly weight: number;
  readonly soaTask: SoaTaskId;
  readonly hint: string;
  readonly checks: readonly StaticCheck[];
  /** Checks of the deployed stack, run by `awswo grade --live` after the static ones. */
  readonly liveChecks?: readonly LiveCheck[];
}

/** An intentional misconfiguration in the lab, and the objective that catches it. */
export interface Trap {
  readonly id: string;
  readonly description: string;
  readonly objective: string;
  /** The construct id (or file, e.g. RUNBOOK.md) the trap lives in: the objective's failure names it. */
  readonly resource: string;
}

export type Difficulty = 'intro' | 'core' | 'stretch';


export interface RunbookSpec {
  /** Section headings (level 2) the student must fill. */
  readonly sections: readonly string[];
}

export interface ScopeRules {
  /** Construct ids or paths below them (`Vpc/edgeSubnet2/NATGateway`) the fix may delete, e.g. a trap that should go. */
  readonly mayRemove?: readonly string[];
  /** Construct ids or paths whose replacement is an accepted part of the fix. */
  readonly mayReplace?: readonly string[];
  /**
   * Properties the CloudFormation spec marks as a (conditional) replacement that update this
   * drill's resource in place, by construct id: `{ OrdersDb: ['BackupRetentionPeriod'] }`.
   */
  readonly inPlace?: Readonly<Record<string, readonly string[]>>;
  /**
   * What the fix may add although the scope rules would refuse it: CloudFormation types
   * (`AWS::Events::Rule`, `Custom::MyThing`) or construct ids / paths. New custom resources and
   * resources that change others after deploy (rules or schedules running code, SSM associations,
   * event source mappings, nested stacks...) are out of scope unless listed here. A new resource has
   * no baseline identity, so prefer types: a construct path is metadata the lab writes.
   */
  readonly mayAdd?: readonly string[];
}

export interface Drill extends DrillInfo {
  readonly module: ModuleId;
  /** One line for the catalogue. */
  readonly summary: string;
  readonly soaTasks: readonly SoaTaskId[];
  readonly difficulty: Difficulty;
  /** USD an hour while deployed, rounded; the cost command gives the detailed estimate. */
  readonly estimatedCostPerHour: number;
  readonly traps: readonly Trap[];
  readonly objectives: readonly Objective[];
  readonly runbook?: RunbookSpec;
  /**
   * Documents beside RUNBOOK.md the drill's checks read, e.g. `['INCIDENT.md']`; the reference
   * answer of each is `<NAME>.solution.md`.
   */
  readonly documents?: readonly string[];
  readonly scope?: ScopeRules;
  /** The incident `awswo inject <drill>` puts into a deployed lab, for drills that have one. */
  readonly injection?: Injection;
  /**
   * Weight an objective loses when the student took its hint (`awswo hint --next`, `grade --hints`)
   * and then passed it; default 0, at most the objective's weight.
   */
  readonly hintCost?: number;
}

const DRILL_ID = /^[a-z][a-z0-9-]+[a-z0-9]$/;

/** Declares a drill and checks that its metadata holds together; throws on the first inconsistency. */
export function defineDrill(drill: Drill): Drill {
  const where = `drill ${drill.id}`;
  if (!DRILL_ID.test(drill.id)) throw new Error(`${where}: id must be kebab-case`);
  if (drill.objectives.length === 0) throw new Error(`${where}: has no objectives`);
  const ids = new Set<string>();
  for (const o of drill.objectives) {
    if (ids.has(o.id)) throw new Error(`${where}: objective ${o.id} declared twice`);
    ids.add(o.id);
    if (!(o.weight > 0)) throw new Error(`${where}: objective ${o.id} needs a positive weight`);
    if (!soaTask(o.soaTask)) throw new Error(`${where}: objective ${o.id} has unknown SOA-C03 task ${o.soaTask}`);
    if (o.checks.length === 0) throw new Error(`${where}: objective ${o.id} has no checks`);
  }
  for (const t of drill.soaTasks) if (!soaTask(t)) throw new Error(`${where}: unknown SOA-C03 task ${t}`);
  if (drill.hintCost !== undefined && !(drill.hintCost >= 0)) throw new Error(`${where}: hintCost must be a weight of 0 or more`);
  for (const trap of drill.traps) {
    if (!ids.has(trap.objective)) throw new Error(`${where}: trap ${trap.id} points at unknown objective ${trap.objective}`);
  }
  for (const o of drill.objectives) {
    if (!drill.traps.some((t) => t.objective === o.id)) throw new Error(`${where}: objective ${o.id} catches no declared trap`);
  }
  return drill;
}

