import type { Drill } from './drill';
import iamWildcardRole from '../../drills/02-iam/iam-wildcard-role/drill';

/** Every drill awswo knows, in syllabus order. Adding a drill: one folder, one line here. */
export const registry: readonly Drill[] = [
  iamWildcardRole,
];

export function findDrill(id: string): Drill | undefined {
  return registry.find((d) => d.id === id);
}

export function drillsOfModule(module: string): Drill[] {
  return registry.filter((d) => d.module === module);
}
