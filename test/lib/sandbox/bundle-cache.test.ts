// The lab bundle cache: a lab unchanged since its last bundling is not bundled again, and anything
// that could make esbuild resolve or compile it otherwise (an input's content, a file added where an
// import resolves, a link, a package.json on the way up) makes it again.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundleLab, LabBuildError } from '../../../lib/sandbox/bundle';
import { BuildRecord, keepBundle, recallBundle } from '../../../lib/sandbox/bundle-cache';

// This file's caches go to a folder of its own (read when the first cache path is asked for).
const CACHE = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-bundle-cache-'));
process.env.AWSWO_CACHE_DIR = CACHE;
const ROOT = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-bundle-ws-')));
afterAll(() => {
  fs.rmSync(CACHE, { recursive: true, force: true });
  fs.rmSync(ROOT, { recursive: true, force: true });
});
afterEach(() => delete process.env.AWSWO_BUNDLE_CACHE);

const entries = () => fs.readdirSync(path.join(CACHE, 'bundles')).filter((n) => n.endsWith('.json'));
let n = 0;

/** A workspace with a lab that imports ./helper (helper.ts saying `said`). */
function workspace(said = 'first'): { ws: string; lab: string; dir: string } {
  const ws = path.join(ROOT, `ws${n++}`);
  const dir = path.join(ws, 'drills', '02-iam', 'some-drill');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'helper.ts'), `export const said = ${JSON.stringify(said)};\n`);
  const lab = path.join(dir, 'lab.ts');
  fs.writeFileSync(lab, `import { said } from './helper';\nexport default class Lab { said = said; }\n`);
  return { ws, lab, dir };
}

const bundle = (w: { ws: string; lab: string }) => bundleLab(w.lab, { workspace: w.ws, shownAs: (f) => f });

/** Marks the one kept entry's code, so that a bundle served from the cache shows it. */
function markKept(marker: string): void {
  const [name] = entries().filter((e) => fs.readFileSync(path.join(CACHE, 'bundles', e), 'utf8').includes(marker.split(':')[0]));
  const file = path.join(CACHE, 'bundles', name);
  const entry = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.writeFileSync(file, JSON.stringify({ ...entry, code: `${entry.code}\n// ${marker}` }));
}

describe('the lab bundle cache', () => {
  test('a lab bundled before, with nothing changed, is served from the cache; its inputs are the same', async () => {
    const w = workspace();
    const first = await bundle(w);
    expect(first.code).toContain('"first"');
    markKept(`${path.basename(w.ws)}:served`);
    const again = await bundle(w);
    expect(again.code).toContain(`${path.basename(w.ws)}:served`);
    expect(again.inputs).toEqual(first.inputs);
  });

  test.each([
    ['an input changes', (w: ReturnType<typeof workspace>) => fs.writeFileSync(path.join(w.dir, 'helper.ts'), 'export const said = "second";\n'), '"second"'],
    ['a file that resolves first is added beside an import (helper.tsx before helper.ts)', (w: ReturnType<typeof workspace>) => fs.writeFileSync(path.join(w.dir, 'helper.tsx'), 'export const said = "tsx";\n'), '"tsx"'],
    ['an input is replaced by a link to other content', (w: ReturnType<typeof workspace>) => {
      fs.writeFileSync(path.join(w.dir, 'other.ts'), 'export const said = "linked";\n');
      fs.rmSync(path.join(w.dir, 'helper.ts'));
      fs.symlinkSync(path.join(w.dir, 'other.ts'), path.join(w.dir, 'helper.ts'));
    }, '"linked"'],
    ['a file is added in a folder above the lab, up to the workspace (a package.json)', (w: ReturnType<typeof workspace>) => fs.writeFileSync(path.join(w.ws, 'package.json'), '{}\n'), undefined],
  ])('bundled again when %s', async (_what, change, expected) => {
    const w = workspace();
    await bundle(w);
    markKept(`${path.basename(w.ws)}:stale`);
    change(w);
    const again = await bundle(w);
    expect(again.code).not.toContain(`${path.basename(w.ws)}:stale`);
    if (expected) expect(again.code).toContain(expected);
  });

  // What an entry records is what the build met: a change made while the lab is bundled is not
  // taken for the content the bundle was made from.
  test.each([
    ['an input changes after the build read it', (w: ReturnType<typeof workspace>) => fs.writeFileSync(path.join(w.dir, 'helper.ts'), 'export const said = "meanwhile";\n')],
    ['a file is added to a folder after the build listed it', (w: ReturnType<typeof workspace>) => fs.writeFileSync(path.join(w.dir, 'helper.tsx'), 'export const said = "meanwhile";\n')],
  ])('a bundle is not served once %s', (_what, change) => {
    const w = workspace();
    const record = new BuildRecord(w.ws);
    const inputs = [w.lab, path.join(w.dir, 'helper.ts')];
    record.listUp(w.dir);
    for (const f of inputs) record.load(f);
    change(w);
    const key = `race-${path.basename(w.ws)}`;
    keepBundle(key, { code: 'bundled before the change', inputs }, record);
    expect(recallBundle(key)).toBeUndefined();
    // The same record, nothing changed meanwhile: served.
    const calm = workspace();
    const calmRecord = new BuildRecord(calm.ws);
    const calmInputs = [calm.lab, path.join(calm.dir, 'helper.ts')];
    calmRecord.listUp(calm.dir);
    for (const f of calmInputs) calmRecord.load(f);
    keepBundle(`${key}-calm`, { code: 'bundled', inputs: calmInputs }, calmRecord);
    expect(recallBundle(`${key}-calm`)?.code).toBe('bundled');
  });

  test('a build that met an input it did not record (a kind esbuild loaded itself) is not kept', () => {
    const w = workspace();
    const record = new BuildRecord(w.ws);
    record.listUp(w.dir);
    record.load(w.lab);
    keepBundle(`unrecorded-${path.basename(w.ws)}`, { code: 'x', inputs: [w.lab, path.join(w.dir, 'helper.ts')] }, record);
    expect(recallBundle(`unrecorded-${path.basename(w.ws)}`)).toBeUndefined();
  });

  test('AWSWO_BUNDLE_CACHE=off bundles every time and keeps nothing', async () => {
    const w = workspace('off');
    process.env.AWSWO_BUNDLE_CACHE = 'off';
    const before = entries().length;
    await bundle(w);
    expect(entries().length).toBe(before);
  });

  test('a lab that does not build is an error every time, never kept', async () => {
    const w = workspace();
    fs.writeFileSync(w.lab, 'import { said } from "./missing";\nexport default said;\n');
    const before = entries().length;
    await expect(bundle(w)).rejects.toThrow(LabBuildError);
    await expect(bundle(w)).rejects.toThrow(LabBuildError);
    expect(entries().length).toBe(before);
  });

  test('the cache keeps the most recently used entries only', async () => {
    const dir = path.join(CACHE, 'bundles');
    const old = new Date(Date.now() - 3600_000);
    for (let i = 0; i < 420; i++) {
      const f = path.join(dir, `old${i}.json`);
      fs.writeFileSync(f, '{}');
      fs.utimesSync(f, old, old);
    }
    const w = workspace();
    await bundle(w);
    const left = entries();
    expect(left.length).toBeLessThanOrEqual(300);
    // The new entry is among the kept ones.
    expect(left.some((e) => !e.startsWith('old'))).toBe(true);
  });
});
