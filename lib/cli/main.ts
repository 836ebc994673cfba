import type { DrillCatalog } from '../grading/catalog';
import { GradeInputError, firstLine } from '../grading/errors';
import { CliContext, EXIT, Io, UsageError } from './command';
import { COMMANDS } from './commands';
import { didYouMean } from './select';
import { shown } from '../model/text';

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: awswo <command> [options]',
    '',
    'awswo grades AWS operations drills: CDK labs that are broken on purpose, fixed by students.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run awswo <command> --help for the options of a command.',
  ].join('\n') + '\n';
}

/** Runs the command line; returns the exit code. Errors are one line on stderr and exit 2. */
export async function main(argv: string[], io: Io, catalog: DrillCatalog): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? EXIT.error : EXIT.ok;
  }
  if (name === '--version') {
    io.out(`${require('../../package.json').version}\n`);
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    const names = COMMANDS.map((c) => c.name);
    io.err(`awswo: unknown command "${shown(name)}"${didYouMean(name, names)} (commands: ${names.join(', ')})\n`);
    return EXIT.error;
  }
  const command = entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help + '\n');
    return EXIT.ok;
  }
  process.env.CDK_VALIDATION ??= 'false';
  const ctx: CliContext = { out: io.out, err: io.err, catalog };
  try {
    return await command.run(rest, ctx);
  } catch (err) {
    if (err instanceof UsageError || err instanceof GradeInputError) {
      io.err(`awswo ${name}: ${err.message}\n`);
    } else {
      io.err(`awswo ${name}: internal error: ${firstLine(err)}\n`);
    }
    return EXIT.error;
  }
}
