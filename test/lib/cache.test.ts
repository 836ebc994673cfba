import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cacheDir, keepMemo, recallMemo, sourceFingerprint } from '../../lib/cache';

// This file's own cache folder (cacheDir is chosen on first use).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-cache-test-'));
process.env.AWSWO_CACHE_DIR = dir;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('memo entries', () => {
  test('kept under a name, for a key: given back for that key only', () => {
    expect(cacheDir()).toBe(dir);
    keepMemo('m/one.json.gz', 'k1', { a: [1, 2] });
    expect(recallMemo('m/one.json.gz', 'k1')).toEqual({ a: [1, 2] });
    expect(recallMemo('m/one.json.gz', 'k2')).toBeUndefined();
    expect(fs.readdirSync(path.join(dir, 'm'))).toEqual(['one.json.gz']);
  });

  test('none, or unreadable: undefined', () => {
    expect(recallMemo('m/none.json.gz', 'k1')).toBeUndefined();
    fs.mkdirSync(path.join(dir, 'm'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'm/bad.json.gz'), 'not gzip');
    expect(recallMemo('m/bad.json.gz', 'k1')).toBeUndefined();
  });
});

describe('sourceFingerprint', () => {
  test('covers every file the entries load, through imports and literal requires, and nothing else', () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-fingerprint-'));
    try {
      const write = (f: string, text: string) => fs.writeFileSync(path.join(src, f), text);
      write('entry.ts', "import { b } from './b';\nexport const a = () => b();\n");
      write('b.ts', "export function b(): unknown { return require('./c.js'); }\n");
      write('c.js', 'module.exports = 1;\n');
      write('unrelated.ts', 'export const x = 1;\n');
      const first = sourceFingerprint(['entry.ts'], src);
      write('unrelated.ts', 'export const x = 2;\n');
      expect(sourceFingerprint(['entry.ts'], src)).toBe(first);
      write('c.js', 'module.exports = 2;\n');
      expect(sourceFingerprint(['entry.ts'], src)).not.toBe(first);
    } finally {
      fs.rmSync(src, { recursive: true, force: true });
    }
  });
});
