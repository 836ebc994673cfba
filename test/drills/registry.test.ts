import * as fs from 'fs';
import * as path from 'path';
import { catalog } from '../../drills/registry';

const DRILLS_ROOT = path.resolve(__dirname, '../../drills');

/** Every folder drills/NN-topic/<id>/ that holds a drill.ts. */
function drillFolders(): string[] {
  return fs.readdirSync(DRILLS_ROOT, { withFileTypes: true })
    .filter((m) => m.isDirectory() && /^\d\d-/.test(m.name))
    .flatMap((m) => fs.readdirSync(path.join(DRILLS_ROOT, m.name), { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(DRILLS_ROOT, m.name, d.name, 'drill.ts')))
      .map((d) => `${m.name}/${d.name}`));
}

describe('drill registry (drills/registry.ts)', () => {
  test('every drill folder is registered, and every entry is a drill folder', () => {
    expect([...catalog.folders].sort()).toEqual(drillFolders().sort());
  });
  test('drill ids are unique', () => {
    const ids = catalog.ids();
    expect(new Set(ids).size).toBe(ids.length);
  });
  test('every drill loads, is named after its folder and sits in its module', () => {
    for (const d of catalog.all()) expect(d.dir).toMatch(new RegExp(`/drills/${d.module}-[a-z]+/${d.id}$`));
  });
  test('an unknown id is undefined, not an error', () => {
    expect(catalog.find('no-such-drill')).toBeUndefined();
  });
});
