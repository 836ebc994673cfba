import { closest, distance } from 'fastest-levenshtein';
import { MODULE_IDS } from '../course';
import type { DrillCatalog } from '../grading/catalog';
import type { Drill } from '../model/drill';
import { UsageError } from './command';
import { shown } from '../model/text';

/** ` (did you mean x?)` when a name is a near miss of one of `known`, else ''. */
export function didYouMean(name: string, known: readonly string[]): string {
  if (known.length === 0) return '';
  const best = closest(name, [...known]);
  return best && distance(name, best) <= Math.max(2, Math.floor(best.length / 3)) ? ` (did you mean ${best}?)` : '';
}

/** The drill with this id, or a usage error that suggests the nearest one. */
export function findDrillOrFail(catalog: DrillCatalog, id: string): Drill {
  const drill = catalog.find(id);
  if (!drill) throw new UsageError(`unknown drill "${shown(id)}"${didYouMean(id, catalog.ids())} (see awswo list)`);
  return drill;
}

/** The drills a command works on: one by id, `--all`, or `--module NN`. */
export function selectDrills(catalog: DrillCatalog, positionals: string[], opts: { all?: boolean; module?: string }, verb: string): Drill[] {
  if (positionals.length > 1) throw new UsageError(`${verb} takes one drill id (got ${shown(positionals.join(' '))})`);
  const [id] = positionals;
  const given = [id !== undefined, !!opts.all, opts.module !== undefined].filter(Boolean).length;
  if (given === 0) throw new UsageError(`${verb} needs a drill id, --all or --module NN (see awswo list)`);
  if (given > 1) throw new UsageError(`${verb} takes a drill id, --all or --module NN, not several`);
  if (id !== undefined) return [findDrillOrFail(catalog, id)];
  if (opts.module !== undefined) {
    const m = opts.module.padStart(2, '0');
    if (!MODULE_IDS.includes(m as never)) throw new UsageError(`unknown module "${shown(opts.module)}": modules are ${MODULE_IDS.join(', ')}`);
    const drills = catalog.ofModule(m);
    if (drills.length === 0) throw new UsageError(`module ${m} has no drills yet`);
    return drills;
  }
  return catalog.all();
}
