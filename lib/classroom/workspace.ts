import * as fs from 'fs';
import * as path from 'path';
import type { DrillCatalog } from '../grading/catalog';
import { workspaceAttempt } from '../grading/attempt';
import type { Drill } from '../model/drill';

/** Where a workspace keeps what awswo records in it: the review log, the hints taken. */
export const RECORDS_DIR = '.awswo';

/** The drills a handout was made with (its package.json: `"awswo": { "drills": [...] }`), or undefined. */
export function handoutDrillIds(workspace: string): string[] | undefined {
  let pkg: unknown;
  try {
    pkg = JSON.parse(fs.readFileSync(path.join(workspace, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const drills = (pkg as { awswo?: { drills?: unknown } })?.awswo?.drills;
  return Array.isArray(drills) && drills.every((d) => typeof d === 'string') ? drills : undefined;
}

/**
 * The drills of a workspace: a handout's own list (in catalogue order), else every drill of the
 * catalogue whose lab.ts is there (a copy of the library holds them all).
 */
export function workspaceDrills(catalog: DrillCatalog, workspace: string): Drill[] {
  const listed = handoutDrillIds(workspace);
  if (listed) return catalog.all().filter((d) => listed.includes(d.id));
  return catalog.all().filter((d) => fs.existsSync(workspaceAttempt(d, workspace).labFile));
}
