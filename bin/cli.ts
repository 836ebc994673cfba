import { main } from '../lib/cli/main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`awswo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
