import { moduleTitle } from '../../course';
import { Command, EXIT, oneOf, parse, UsageError } from '../command';

export const list: Command = {
  name: 'list',
  help: `Usage: awswo list [--module NN] [--format text|json]

Lists every drill: id, module, title, SOA-C03 tasks, difficulty, estimated cost per hour.

Options:
  --module NN        only the drills of one syllabus module (01-07)
  --format F         text (default) or json
  -h, --help         this help`,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, { module: { type: 'string' }, format: { type: 'string' } }, true);
    if (positionals.length) throw new UsageError(`list takes no arguments (got ${positionals.join(' ')})`);
    const format = oneOf(values.format as string | undefined, ['text', 'json'] as const, '--format', 'text');
    const module = values.module !== undefined ? String(values.module).padStart(2, '0') : undefined;
    if (module !== undefined && !moduleTitle(module)) throw new UsageError(`unknown module "${values.module}"`);
    const drills = module ? ctx.catalog.ofModule(module) : ctx.catalog.all();
    const rows = drills.map((d) => ({
      id: d.id,
      module: d.module,
      moduleTitle: moduleTitle(d.module),
      title: d.title,
      soaTasks: d.soaTasks,
      difficulty: d.difficulty,
      estimatedCostPerHour: d.estimatedCostPerHour,
      objectives: d.objectives.length,
    }));
    if (format === 'json') {
      ctx.out(JSON.stringify(rows, null, 2) + '\n');
      return EXIT.ok;
    }
    const width = Math.max(4, ...rows.map((r) => r.id.length));
    ctx.out(`${'DRILL'.padEnd(width)}  MOD  SOA-C03      LEVEL    $/h    TITLE\n`);
    for (const r of rows) {
      ctx.out(`${r.id.padEnd(width)}  ${r.module}   ${r.soaTasks.join(',').padEnd(11)}  ${r.difficulty.padEnd(7)}  ${r.estimatedCostPerHour.toFixed(2).padStart(5)}  ${r.title}\n`);
    }
    return EXIT.ok;
  },
};
