import { catalog } from '../drills/registry';
import { main } from '../lib/cli/main';
import { startNagEarly } from '../lib/grading/nag-judge';
import { startSandboxEarly } from '../lib/sandbox/pool';
import { synthMemoOn } from '../lib/sandbox/synth-memo';

/**
 * Standard output that is closed (`| true`, `| head`) or full (`> /dev/full`): the report did not
 * reach its reader, so the run did not do its job: one line on stderr and exit 2, whatever the grade.
 */
function outputLost(err: NodeJS.ErrnoException): never {
  const why = err.code === 'EPIPE' ? 'standard output was closed before the report was written' : `cannot write to standard output (${err.code ?? err.message})`;
  try {
    process.stderr.write(`awswo: ${why}\n`);
  } catch {
    // stderr is gone too: the exit code is all that is left.
  }
  process.exit(2);
}
process.stdout.on('error', outputLost);

function out(text: string): void {
  try {
    process.stdout.write(text);
  } catch (err) {
    outputLost(err as NodeJS.ErrnoException);
  }
}

// A grade's first sandbox process, and the thread cdk-nag judges in, start before the grader loads
// (they overlap that, on another core).
const argv = process.argv.slice(2);
if (argv[0] === 'grade' && !argv.some((a) => a === '--help' || a === '-h')) {
  // With the synthesis memo (the test suite), most grades synthesize nothing: no process ahead.
  if (!synthMemoOn()) startSandboxEarly();
  startNagEarly();
}

// When nothing is left to do (the event loop is empty: every report written, every process and
// thread ended), exit with the code set, instead of letting Node take down a heap of several
// hundred MiB first: about 60 ms of a one-drill grade, measured. The 'exit' handlers still run; a
// 'beforeExit' listener of anyone else's keeps Node's own way out.
process.once('beforeExit', () => {
  if (process.listenerCount('beforeExit') === 0) process.exit();
});

main(argv, { out, err: (t) => process.stderr.write(t) }, catalog).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`awswo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
