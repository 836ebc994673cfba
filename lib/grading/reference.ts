import * as fs from 'fs';
import * as path from 'path';

/**
 * Whether this copy of the library has the reference solutions (its own git checkout does; a
 * student handout and the npm package ship none): `awswo verify` and the proof suite need them.
 */
export function hasReferenceSolutions(libraryRoot: string): boolean {
  const drills = path.join(libraryRoot, 'drills');
  if (!fs.existsSync(drills)) return false;
  for (const m of fs.readdirSync(drills, { withFileTypes: true })) {
    if (!m.isDirectory()) continue;
    for (const d of fs.readdirSync(path.join(drills, m.name), { withFileTypes: true })) {
      if (d.isDirectory() && fs.existsSync(path.join(drills, m.name, d.name, 'solution.ts'))) return true;
    }
  }
  return false;
}
