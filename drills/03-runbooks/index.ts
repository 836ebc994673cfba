import type { Drill } from '../../lib/grading/drill';
import brokenAutomation from './broken-automation/drill';
import plannedChange from './planned-change/drill';

/** The drills of module 03, in the order students take them. */
export const drills: readonly Drill[] = [plannedChange, brokenAutomation];
