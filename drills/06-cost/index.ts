import type { Drill } from '../../lib/grading/drill';
import costTraps from './cost-traps/drill';
import runawaySpend from './runaway-spend/drill';

/** The drills of module 06, in the order students take them. */
export const drills: readonly Drill[] = [costTraps, runawaySpend];
