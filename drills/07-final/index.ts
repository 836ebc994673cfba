import type { Drill } from '../../lib/grading/drill';

/** The drills of module 07, in the order students take them. */
export const drills: readonly Drill[] = [];
