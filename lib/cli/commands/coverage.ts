import { coverage, coverageMarkdown, coverageText } from '../../docs/catalogue';
import { Command, EXIT, oneOf, parse, UsageError } from '../command';

export const coverageCommand: Command = {
  name: 'coverage',
  help: `Usage: awswo coverage [--format text|json|md]

Prints the SOA-C03 coverage matrix (task -> drills) and the syllabus matrix (module -> drills),
generated from drill metadata.`,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, { format: { type: 'string' } });
    if (positionals.length) throw new UsageError(`coverage takes no arguments (got ${positionals.join(' ')})`);
    const format = oneOf(values.format as string | undefined, ['text', 'json', 'md'] as const, '--format', 'text');
    const c = coverage(ctx.catalog.all());
    ctx.out(format === 'json' ? JSON.stringify(c, null, 2) + '\n' : format === 'md' ? coverageMarkdown(c) : coverageText(c));
    return EXIT.ok;
  },
};
