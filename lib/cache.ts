import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';

const LIBRARY_ROOT = path.resolve(__dirname, '..');
let dir: string | undefined;

/**
 * Where awswo keeps what it can compute again (transpiled code, type checks, extracts of large
 * package data, code caches): AWSWO_CACHE_DIR if set, else node_modules/.cache/awswo when
 * writable, else a folder of this user's in the temp folder. Entries are keyed by content or version, so a stale one is never read.
 */
export function cacheDir(): string {
  if (dir) return dir;
  if (process.env.AWSWO_CACHE_DIR) {
    dir = path.resolve(process.env.AWSWO_CACHE_DIR);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }
  const preferred = path.join(LIBRARY_ROOT, 'node_modules', '.cache', 'awswo');
  try {
    fs.mkdirSync(preferred, { recursive: true });
    fs.accessSync(preferred, fs.constants.W_OK);
    dir = preferred;
  } catch {
    dir = path.join(os.tmpdir(), `awswo-cache-${os.userInfo().uid}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  return dir;
}

/** Reads a cached file, or undefined. */
function readCacheBytes(name: string): Buffer | undefined {
  try {
    return fs.readFileSync(path.join(cacheDir(), name));
  } catch {
    return undefined;
  }
}

/** Writes a cached file atomically (concurrent writers each rename a whole file); a failure only costs time. */
function writeCacheBytes(name: string, data: string | Buffer): void {
  try {
    const file = path.join(cacheDir(), name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch {
    // Not writable: computed again next time.
  }
}

/** Reads a cached JSON value, or undefined. */
export function readCache<T>(name: string): T | undefined {
  try {
    const bytes = readCacheBytes(name);
    return bytes ? (JSON.parse(bytes.toString('utf8')) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a JSON value atomically; a failure only costs time. */
export function writeCache(name: string, value: unknown): void {
  writeCacheBytes(name, JSON.stringify(value));
}

/**
 * A memo's entry (gzipped JSON, written by keepMemo) under `name`, if it was kept for `key`;
 * undefined if there is none, or it is unreadable, or kept for another key.
 */
export function recallMemo<T extends object>(name: string, key: string): T | undefined {
  try {
    const bytes = readCacheBytes(name);
    const kept = bytes && (JSON.parse(zlib.gunzipSync(bytes).toString('utf8')) as { key?: string; value?: T });
    return kept && kept.key === key ? kept.value : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a memo's entry for `key` (written whole: a reader sees it or nothing); a failure only costs time. */
export function keepMemo(name: string, key: string, value: object): void {
  writeCacheBytes(name, zlib.gzipSync(JSON.stringify({ key, value }), { level: 1 }));
}

/**
 * A hash of the library's own files that `entries` (paths below the library) load, found by
 * esbuild following their imports and literal requires: what a memo's key must cover, never a
 * list kept by hand. Packages are left out: their versions are the caller's to add.
 */
export function sourceFingerprint(entries: readonly string[], root = LIBRARY_ROOT): string {
  const { buildSync } = require('esbuild') as typeof import('esbuild');
  const { metafile } = buildSync({
    entryPoints: entries.map((e) => path.join(root, e)),
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    outdir: 'unused',
    platform: 'node',
    packages: 'external',
    logLevel: 'silent',
  });
  const h = crypto.createHash('sha256');
  for (const f of Object.keys(metafile.inputs).sort()) h.update(`\n${f}\n`).update(fs.readFileSync(path.join(root, f)));
  return h.digest('hex');
}
