import { coverage, coverageMarkdown, coverageText } from '../../docs/catalogue';
import { registry } from '../../grading/registry';
import { Command, EXIT, oneOf, parse, UsageError } from '../command';

export const coverageCommand: Command = {
  name: 'coverage',
  summary: 'SOA-C03 task and syllabus module coverage of the drills',
  help: `Usage: awswo coverage [--format text|json|md]

Prints the SOA-C03 coverage matrix (task -> drills) and the syllabus matrix (module -> drills),
generated from drill metadata.`,
  async run(argv, io) {
    const { values, positionals } = parse(argv, { format: { type: 'string' } });
    if (positionals.length) throw new UsageError(`coverage takes no arguments (got ${positionals.join(' ')})`);
    const format = oneOf(values.format as string | undefined, ['text', 'json', 'md'] as const, '--format', 'text');
    const c = coverage(registry);
    io.out(format === 'json' ? JSON.stringify(c, null, 2) + '\n' : format === 'md' ? coverageMarkdown(c) : coverageText(c));
    return EXIT.ok;
  },
};
