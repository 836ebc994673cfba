import { GradeInputError, firstLine } from '../grading/errors';
import { Command, EXIT, Io, UsageError } from './command';
import { COMMANDS } from './commands';

const stdio: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

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
export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? EXIT.error : EXIT.ok;
  }
  if (name === '--version') {
    io.out(`${require('../../package.json').version}\n`);
    return EXIT.ok;
  }
  const command: Command | undefined = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`awswo: unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`);
    return EXIT.error;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help + '\n');
    return EXIT.ok;
  }
  process.env.CDK_VALIDATION ??= 'false';
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof GradeInputError) {
      io.err(`awswo ${name}: ${err.message}\n`);
    } else {
      io.err(`awswo ${name}: internal error: ${firstLine(err)}\n`);
    }
    return EXIT.error;
  }
}
