'use strict';
// The grader's own V8 code cache: the packages a command loads (aws-cdk-lib and cdk-nag to judge a
// template, the diff, the SDK for a live grade) are compiled from the bytecode an earlier run
// left, about a third of the cost of loading them. This process runs no student code (labs run in
// the sandbox), so it may write the cache; it lives apart from the sandbox's, which cannot read it.
// It also keeps where each require between the packages resolved to, for as long as they are not
// installed again (code-cache-hook.js).
const path = require('path');
const hook = require('../lib/sandbox/code-cache-hook.js');

/** Scripts compiled (or requires resolved) without the cache that make it worth writing again at exit. */
const STALE = 25;

/**
 * Compiles the packages this process (or worker thread: `name` keeps its file apart) loads from its
 * cache; writes the cache anew at exit, or when `saveIfStale` is called, if many were compiled (or
 * resolved) without it.
 */
function start(libraryRoot, name = 'grader') {
  if (process.env.AWSWO_CODE_CACHE === 'off') return undefined;
  let file;
  try {
    const { cacheDir } = require('../lib/cache.ts');
    const dir = path.join(cacheDir(), 'grader-code-cache');
    file = path.join(dir, `${name}-${hook.MAGIC}-${process.version}-${process.versions.v8}-${process.arch}.bin`.replace(/[^\w.-]/g, '_'));
    require('fs').mkdirSync(dir, { recursive: true });
  } catch {
    return undefined;
  }
  // The library's node_modules, and the project's when the library is installed as a package.
  const cdk = path.dirname(path.dirname(require.resolve('aws-cdk-lib/package.json', { paths: [libraryRoot] })));
  const roots = [...new Set([path.join(libraryRoot, 'node_modules'), cdk])];
  hook.install(roots);
  const installed = hook.installStamp(roots);
  hook.use(file, installed && `${installed}\0${resolutionFlags().join(' ')}`);
  let saved = false;
  const saveIfStale = () => {
    const { compiled, used } = hook.stats();
    if (saved || (compiled - used < STALE && hook.resolutionStats().resolved < STALE)) return;
    saved = true;
    try {
      hook.save(file, { keepUnused: true });
      // This one's caches of another Node or format are of no further use.
      const fs = require('fs');
      const prefix = `${name}-`;
      for (const old of fs.readdirSync(path.dirname(file))) if (old.endsWith('.bin') && (old.startsWith(prefix) || !/^(grader|nag-worker)-/.test(old)) && old !== path.basename(file)) fs.rmSync(path.join(path.dirname(file), old), { force: true });
    } catch {
      // Not writable: the next run compiles as this one did.
    }
  };
  process.once('exit', saveIfStale);
  return { saveIfStale };
}

/**
 * The flags of this process that change what a require resolves to (export conditions, symlinks
 * kept), from its command line and NODE_OPTIONS: resolutions made under others are not used.
 */
function resolutionFlags() {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean)];
  const kept = [];
  for (let i = 0; i < args.length; i++) {
    if (/^(--conditions|-C)$/.test(args[i])) kept.push(args[i], args[++i] ?? '');
    else if (/^(--conditions=|-C=|--preserve-symlinks)/.test(args[i])) kept.push(args[i]);
  }
  return kept;
}

module.exports = { start, resolutionFlags };
