'use strict';
// V8's code cache for the packages a synthesis loads, in the sandboxed process. A fresh process
// compiles aws-cdk-lib's modules, and the functions a synthesis calls, again each time (about a
// third of its CPU); with the bytecode of a trusted earlier run it skips most of that work.
// Node 20 has no module compile cache (22 has one, written by the very process that compiles: here
// that would be the student's), so modules of the listed folders are compiled through vm.Script
// with cachedData. Each entry is kept with a hash of the source it was compiled from, and used only
// for that source (V8's own check compares little more than the length); V8 also refuses an entry
// made under other flags. A stale cache costs time, never correctness.
//
// Only a process that has run no student code may write a cache (the grader starts one for the
// library's own pristine lab, and moves the file into place itself); every other process only reads.
//
// The same file keeps where each `require` between those packages resolved to. Node finds a
// module by probing the file system (stats, package.json reads, realpath) on every require of a
// fresh process: about a tenth of what loading aws-cdk-lib costs. What a require resolves to
// changes only when the packages are installed again, so the resolutions are kept with the
// installation's stamp (installStamp: the package manager's record of node_modules, its size and
// time) and used only under the same stamp; without a stamp, Node resolves as usual.
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

const crypto = require('crypto');

const MAGIC = 'awswo-code-cache-4';
const digest = (content) => (crypto.hash ? crypto.hash('sha1', content) : crypto.createHash('sha1').update(content).digest('hex'));
const compiled = new Map();
let entries = new Map();
/** Resolutions read (`use`, under the stamp it was given) and made since (parent folder + request → file). */
let known = new Map();
const resolvedNow = new Map();
let stamp;
let served = 0;

/**
 * From now on, compiles modules below `roots` through vm.Script, with the cache `use` read, and
 * resolves a require from a module below `roots` to a file below them as it resolved before.
 */
function install(roots) {
  const below = (f) => roots.some((r) => f.startsWith(r + path.sep));
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function resolveAsBefore(request, parent, isMain, options) {
    // Only what depends on nothing but the installation: a plain require from inside the packages.
    if (options !== undefined || isMain || !parent || typeof parent.filename !== 'string' || !below(parent.filename)) return resolve.call(this, request, parent, isMain, options);
    const key = `${path.dirname(parent.filename)}\0${request}`;
    const before = stamp === undefined ? undefined : known.get(key);
    if (before !== undefined) {
      served++;
      return before;
    }
    const file = resolve.call(this, request, parent, isMain, options);
    if (stamp !== undefined && below(file)) resolvedNow.set(key, file);
    return file;
  };
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename) {
    // JavaScript of the packages only (TypeScript transpiled in-process keeps Node's own path, with
    // its source maps); a hashbang cannot sit inside the module wrapper.
    if (!below(filename) || !/\.c?js$/.test(filename) || content.startsWith('#!')) return compile.call(this, content, filename);
    const hash = digest(content);
    const entry = entries.get(filename);
    const script = new vm.Script(Module.wrap(content), {
      filename,
      cachedData: entry && entry.hash === hash ? entry.data : undefined,
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    compiled.set(filename, { script, hash, offered: !!entry, fromCache: !!entry && entry.hash === hash });
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
  };
}

/** What Node hands a module as `require` (the parts of it CommonJS code uses). */
function requireFor(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/**
 * Writes the bytecode of every module compiled so far, with the functions that ran since;
 * `keepUnused`: also the entries read from the cache for modules this process did not load.
 */
function save(file, { keepUnused = false, meta = {} } = {}) {
  const data = new Map();
  if (keepUnused) for (const [filename, entry] of entries) if (!compiled.has(filename)) data.set(filename, entry);
  for (const [filename, { script, hash }] of compiled) data.set(filename, { hash, data: script.createCachedData() });
  const index = [];
  let offset = 0;
  for (const [filename, { hash, data: blob }] of data) {
    index.push([filename, hash, offset, blob.length]);
    offset += blob.length;
  }
  // The resolutions of this installation (with `keepUnused`, those read too); none without a stamp.
  const resolutions = stamp === undefined ? [] : [...(keepUnused ? known : []), ...resolvedNow];
  const head = Buffer.from(JSON.stringify({ magic: MAGIC, meta, index, stamp, resolved: Object.fromEntries(resolutions) }));
  const size = Buffer.alloc(4);
  size.writeUInt32LE(head.length);
  // Whole or not at all: a concurrent reader sees the old file or the new one.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat([size, head, ...[...data.values()].map((e) => e.data)]));
  fs.renameSync(tmp, file);
  return data.size;
}

/**
 * Reads a cache the grader chose, if any (modules compiled before keep their own code). `installation`:
 * the stamp of the packages as installed now (installStamp); the cache's resolutions are used
 * only if it was written under the same one.
 */
function use(file, installation) {
  const cache = file ? read(file) : noCache();
  entries = cache.entries;
  stamp = typeof installation === 'string' ? installation : undefined;
  known = stamp !== undefined && cache.stamp === stamp ? cache.resolved : new Map();
}

/** Package managers' own records of a node_modules folder, rewritten by every install. */
const INSTALL_RECORDS = ['.package-lock.json', '.modules.yaml', '.yarn-state.yml'];

/**
 * The stamp of the installation the packages in `folders` belong to: for each node_modules folder
 * holding one, its package manager's record (size and time); folders that do not exist (a
 * library's own node_modules when its dependencies are hoisted) hold nothing. Undefined when one has
 * no record (no resolution is kept then: nothing would tell that the packages were installed again).
 */
function installStamp(folders) {
  const parts = [];
  for (const nm of new Set(folders.filter((f) => fs.existsSync(f)).map(nodeModulesOf))) {
    if (!nm) return undefined;
    const record = INSTALL_RECORDS.map((r) => path.join(nm, r)).find((f) => fs.existsSync(f));
    if (!record) return undefined;
    const s = fs.statSync(record);
    parts.push(`${record}:${s.size}:${s.mtimeMs}:${s.ino}`);
  }
  return parts.length ? digest(parts.sort().join('\n')) : undefined;
}

/** The node_modules folder `folder` is (or is inside), or undefined. */
function nodeModulesOf(folder) {
  for (let d = folder; d !== path.dirname(d); d = path.dirname(d)) if (path.basename(d) === 'node_modules') return d;
  return undefined;
}

/** What the writer of a cache file said of it (`save`'s meta), read from its head alone; undefined if none. */
function readMeta(file) {
  return readHead(file)?.meta;
}

/**
 * A cache file's head alone: `meta` (what its writer said of it) and `stamp` (the installation its
 * resolutions were made under, if any); undefined if it is not one of ours.
 */
function readHead(file) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    const size = Buffer.alloc(4);
    fs.readSync(fd, size, 0, 4, 0);
    const head = Buffer.alloc(size.readUInt32LE(0));
    fs.readSync(fd, head, 0, head.length, 4);
    const parsed = JSON.parse(head.toString('utf8'));
    return parsed.magic === MAGIC ? { meta: parsed.meta, stamp: typeof parsed.stamp === 'string' ? parsed.stamp : undefined } : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** What a process has when it reads no cache: nothing compiled, nothing resolved. */
const noCache = () => ({ entries: new Map(), stamp: undefined, resolved: new Map() });

function read(file) {
  try {
    const buf = fs.readFileSync(file);
    const headLength = buf.readUInt32LE(0);
    const head = JSON.parse(buf.toString('utf8', 4, 4 + headLength));
    if (head.magic !== MAGIC) return noCache();
    const base = 4 + headLength;
    const found = new Map();
    for (const [filename, hash, offset, length] of head.index) found.set(filename, { hash, data: buf.subarray(base + offset, base + offset + length) });
    const resolved = new Map(Object.entries(head.resolved ?? {}).filter(([, f]) => typeof f === 'string'));
    return { entries: found, stamp: typeof head.stamp === 'string' ? head.stamp : undefined, resolved };
  } catch {
    // No cache, or not one of ours: compile and resolve as usual.
    return noCache();
  }
}

/**
 * How the cache served this process (for tests and the bench): entries used, and entries refused
 * (another source than the one cached, or refused by V8).
 */
function stats() {
  let used = 0;
  let rejected = 0;
  for (const { script, offered, fromCache } of compiled.values()) {
    if (!offered) continue;
    if (fromCache && !script.cachedDataRejected) used++;
    else rejected++;
  }
  return { used, rejected, compiled: compiled.size };
}

/** How resolutions went: answered from the cache, and resolved by Node and kept (for tests and saving). */
function resolutionStats() {
  return { served, resolved: resolvedNow.size };
}

module.exports = { install, use, save, stats, resolutionStats, installStamp, readMeta, readHead, MAGIC };
