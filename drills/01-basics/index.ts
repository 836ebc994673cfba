import type { Drill } from '../../lib/grading/drill';
import regionAccountGuardrails from './region-account-guardrails/drill';
import sharedResponsibility from './shared-responsibility/drill';

/** The drills of module 01, in the order students take them. */
export const drills: readonly Drill[] = [regionAccountGuardrails, sharedResponsibility];
