import type { Drill } from '../../lib/grading/drill';
import accessDeniedParameter from './access-denied-parameter/drill';
import iamWildcardRole from './iam-wildcard-role/drill';

/** The drills of module 02, in the order students take them. */
export const drills: readonly Drill[] = [iamWildcardRole, accessDeniedParameter];
