import { MODULE_IDS } from '../course';
import type { Drill } from '../grading/drill';
import { drillsOfModule, findDrill, registry } from '../grading/registry';
import { UsageError } from './command';

/** The drills a command works on: one by id, `--all`, or `--module NN`. */
export function selectDrills(positionals: string[], opts: { all?: boolean; module?: string }, verb: string): Drill[] {
  if (positionals.length > 1) throw new UsageError(`${verb} takes one drill id (got ${positionals.join(' ')})`);
  const [id] = positionals;
  const given = [id !== undefined, !!opts.all, opts.module !== undefined].filter(Boolean).length;
  if (given === 0) throw new UsageError(`${verb} needs a drill id, --all or --module NN (see awswo list)`);
  if (given > 1) throw new UsageError(`${verb} takes a drill id, --all or --module NN, not several`);
  if (id !== undefined) {
    const drill = findDrill(id);
    if (!drill) throw new UsageError(`unknown drill "${id}" (see awswo list)`);
    return [drill];
  }
  if (opts.module !== undefined) {
    const m = opts.module.padStart(2, '0');
    if (!MODULE_IDS.includes(m as never)) throw new UsageError(`unknown module "${opts.module}": modules are ${MODULE_IDS.join(', ')}`);
    const drills = drillsOfModule(m);
    if (drills.length === 0) throw new UsageError(`module ${m} has no drills yet`);
    return drills;
  }
  return [...registry];
}
