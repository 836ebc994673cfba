import { parseArgs, ParseArgsConfig } from 'util';
import type { DrillCatalog } from '../grading/catalog';

/** Exit codes every awswo command uses. */
export const EXIT = { ok: 0, failed: 1, error: 2 } as const;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** What a command runs with: where it prints, and the drills it knows (handed in by bin/cli.ts). */
export interface CliContext extends Io {
  readonly catalog: DrillCatalog;
}

export interface Command {
  readonly name: string;
  /** Full `--help` text. */
  readonly help: string;
  run(argv: string[], ctx: CliContext): Promise<number>;
}

/** Wrong words on the command line: one line on stderr, exit 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict parsing: unknown flags and missing values are usage errors. `--help` is always accepted. */
export function parse<O extends Options>(argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}
