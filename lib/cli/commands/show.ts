import * as fs from 'fs';
import * as path from 'path';
import { moduleTitle, soaTask } from '../../course';
import { Command, EXIT, parse } from '../command';
import { estimateAttempts, oneLine } from '../../cost';
import { pristineAttempt } from '../../grading/attempt';
import { firstLine } from '../../grading/errors';
import { selectDrills } from '../select';

export const show: Command = {
  name: 'show',
  help: `Usage: awswo show <drill>

Prints the drill's metadata (module, SOA-C03 tasks, objectives) and its README: scenario,
symptoms, objectives, hints and stop rules.`,
  async run(argv, ctx) {
    const { positionals } = parse(argv, {});
    const [drill] = selectDrills(ctx.catalog, positionals, {}, 'show');
    ctx.out(`${drill.id}: ${drill.title}\n`);
    ctx.out(`module ${drill.module} (${moduleTitle(drill.module)}) · ${drill.difficulty} · ~$${drill.estimatedCostPerHour.toFixed(2)}/hour while deployed\n`);
    try {
      ctx.out(`estimate (pristine lab, awswo cost ${drill.id} for details): ${oneLine((await estimateAttempts([{ drill, attempt: pristineAttempt(drill) }]))[0])}\n`);
    } catch (err) {
      ctx.out(`estimate: not available (${firstLine(err)})\n`);
    }
    if (drill.injection) ctx.out(`incident the instructor injects (awswo inject ${drill.id}): ${drill.injection.description}\n`);
    for (const t of drill.soaTasks) ctx.out(`SOA-C03 ${t}: ${soaTask(t)?.title}\n`);
    ctx.out('objectives:\n');
    for (const o of drill.objectives) ctx.out(`  - ${o.title} (${o.id}, weight ${o.weight}, SOA-C03 ${o.soaTask})\n`);
    ctx.out('\n' + fs.readFileSync(path.join(drill.dir, 'README.md'), 'utf8'));
    return EXIT.ok;
  },
};
