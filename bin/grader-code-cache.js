'use strict';
// The grader's own V8 code cache: the packages a command loads (aws-cdk-lib and cdk-nag to judge a
// template, the diff, the SDK for a live grade) are compiled from the bytecode an earlier run
// left, about a third of the cost of loading them. This process runs no student code (labs run in
// the sandbox), so it may write the cache; it lives apart from the sandbox's, which cannot read it.
const path = require('path');
const hook = require('../lib/sandbox/code-cache-hook.js');

/** Scripts compiled without the cache that make it worth writing again at exit. */
const STALE = 25;

function start(libraryRoot) {
  if (process.env.AWSWO_CODE_CACHE === 'off') return;
  let file;
  try {
    const { cacheDir } = require('../lib/cache.ts');
    const dir = path.join(cacheDir(), 'grader-code-cache');
    file = path.join(dir, `${hook.MAGIC}-${process.version}-${process.versions.v8}-${process.arch}.bin`.replace(/[^\w.-]/g, '_'));
    require('fs').mkdirSync(dir, { recursive: true });
  } catch {
    return;
  }
  // The library's node_modules, and the project's when the library is installed as a package.
  const cdk = path.dirname(path.dirname(require.resolve('aws-cdk-lib/package.json', { paths: [libraryRoot] })));
  hook.install([...new Set([path.join(libraryRoot, 'node_modules'), cdk])]);
  hook.use(file);
  process.once('exit', () => {
    const { compiled, used } = hook.stats();
    if (compiled - used < STALE) return;
    try {
      hook.save(file, { keepUnused: true });
      // Caches of another Node or format are of no further use.
      const fs = require('fs');
      for (const old of fs.readdirSync(path.dirname(file))) if (old.endsWith('.bin') && old !== path.basename(file)) fs.rmSync(path.join(path.dirname(file), old), { force: true });
    } catch {
      // Not writable: the next run compiles as this one did.
    }
  });
}

module.exports = { start };
