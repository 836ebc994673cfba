import { catalog } from '../drills/registry';
import { main } from '../lib/cli/main';

// `awswo show x | head` closes stdout early: that is the reader's choice, not an error to report.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }, catalog).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`awswo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
