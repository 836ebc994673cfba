import type { Drill } from './drill';
import { drills as module01 } from '../../drills/01-basics';
import { drills as module02 } from '../../drills/02-iam';
import { drills as module03 } from '../../drills/03-runbooks';
import { drills as module04 } from '../../drills/04-deploy';
import { drills as module05 } from '../../drills/05-incident';
import { drills as module06 } from '../../drills/06-cost';
import { drills as module07 } from '../../drills/07-final';

/** Every drill awswo knows, in syllabus order. Adding a drill: one folder, one line in its module's index.ts. */
export const registry: readonly Drill[] = [...module01, ...module02, ...module03, ...module04, ...module05, ...module06, ...module07];

export function findDrill(id: string): Drill | undefined {
  return registry.find((d) => d.id === id);
}

export function drillsOfModule(module: string): Drill[] {
  return registry.filter((d) => d.module === module);
}
