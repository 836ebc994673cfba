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
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

const crypto = require('crypto');

const MAGIC = 'awswo-code-cache-3';
const digest = (content) => (crypto.hash ? crypto.hash('sha1', content) : crypto.createHash('sha1').update(content).digest('hex'));
const compiled = new Map();
let entries = new Map();

/** From now on, compiles modules below `roots` through vm.Script, with the cache `use` read. */
function install(roots) {
  const below = (f) => roots.some((r) => f.startsWith(r + path.sep));
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
  const head = Buffer.from(JSON.stringify({ magic: MAGIC, meta, index }));
  const size = Buffer.alloc(4);
  size.writeUInt32LE(head.length);
  // Whole or not at all: a concurrent reader sees the old file or the new one.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat([size, head, ...[...data.values()].map((e) => e.data)]));
  fs.renameSync(tmp, file);
  return data.size;
}

/** Reads a cache the grader chose for this lab (modules compiled before keep their own code). */
function use(file) {
  entries = read(file);
}

/** What the writer of a cache file said of it (`save`'s meta), read from its head alone; undefined if none. */
function readMeta(file) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    const size = Buffer.alloc(4);
    fs.readSync(fd, size, 0, 4, 0);
    const head = Buffer.alloc(size.readUInt32LE(0));
    fs.readSync(fd, head, 0, head.length, 4);
    const parsed = JSON.parse(head.toString('utf8'));
    return parsed.magic === MAGIC ? parsed.meta : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function read(file) {
  const found = new Map();
  try {
    const buf = fs.readFileSync(file);
    const headLength = buf.readUInt32LE(0);
    const head = JSON.parse(buf.toString('utf8', 4, 4 + headLength));
    if (head.magic !== MAGIC) return found;
    const base = 4 + headLength;
    for (const [filename, hash, offset, length] of head.index) found.set(filename, { hash, data: buf.subarray(base + offset, base + offset + length) });
  } catch {
    // No cache, or not one of ours: compile as usual.
  }
  return found;
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

module.exports = { install, use, save, stats, readMeta, MAGIC };
