import { catalog } from '../../../drills/registry';
import { main } from '../../../lib/cli/main';
import type { CliContext } from '../../../lib/cli/command';

/** What one CLI run printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the awswo command line in-process with the real drill catalogue and captures what it prints. */
export async function runCli(...argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) }, catalog);
  return { code, out, err };
}

/** A command context that captures output, for running one command directly. */
export function captureContext(): CliContext & { readonly output: () => { out: string; err: string } } {
  let out = '';
  let err = '';
  return { out: (t) => (out += t), err: (t) => (err += t), catalog, output: () => ({ out, err }) };
}
