import { hintsTaken, HINT_LOG, readHints, recordHints } from '../../classroom/hints';
import { Command, EXIT, parse, UsageError } from '../command';
import { findDrillOrFail } from '../select';
import { resolveWorkspace } from './grade';

export const hint: Command = {
  name: 'hint',
  help: `Usage: awswo hint <drill> [--next] [--workspace DIR]

Shows the hints you have taken for a drill, one objective at a time. With --next, shows the next
objective's hint and records it in the workspace (${HINT_LOG}): your instructor sees which hints
you took, and a drill may declare a cost per hint (weight an objective then earns less when it
passes; the report says so). awswo grade --hints shows the hints of every failing objective at
once, recorded the same way.

Options:
  --next             take the next hint
  --workspace DIR    the workspace (default: the current directory)
  -h, --help         this help

Exit codes: 0 shown, 2 bad arguments (unknown drill).`,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, { next: { type: 'boolean' }, workspace: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('hint takes one drill id (see awswo list)');
    const drill = findDrillOrFail(ctx.catalog, positionals[0]);
    const workspace = resolveWorkspace(values.workspace as string | undefined);
    let taken = hintsTaken(drill, readHints(workspace));
    const costNote = (drill.hintCost ?? 0) > 0 ? `each hint costs ${drill.hintCost} weight of the objective it is for` : 'hints cost nothing in this drill';
    if (values.next) {
      const next = drill.objectives.find((o) => !taken.includes(o));
      if (!next) {
        ctx.out(`${drill.id}: every hint is taken (${taken.length} of ${drill.objectives.length})\n`);
        return EXIT.ok;
      }
      recordHints(workspace, drill, [next], 'hint');
      taken = [...taken, next];
    }
    if (taken.length === 0) {
      ctx.out(`${drill.id}: no hint taken yet (${drill.objectives.length} available; ${costNote}): awswo hint ${drill.id} --next\n`);
      return EXIT.ok;
    }
    ctx.out(`${drill.id}: ${taken.length} of ${drill.objectives.length} hints taken (${costNote})\n`);
    for (const [i, o] of drill.objectives.filter((x) => taken.includes(x)).entries()) {
      ctx.out(`  ${i + 1}. ${o.title} [${o.id}]\n     ${o.hint}\n`);
    }
    return EXIT.ok;
  },
};
