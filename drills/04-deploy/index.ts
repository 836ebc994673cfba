import type { Drill } from '../../lib/grading/drill';
import asgRollbackReady from './asg-rollback-ready/drill';
import statefulProtection from './stateful-protection/drill';

/** The drills of module 04, in the order students take them. */
export const drills: readonly Drill[] = [asgRollbackReady, statefulProtection];
