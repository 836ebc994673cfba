'use strict';
// Loads the library's own TypeScript in-process with esbuild (transpile only, ~1 ms a file), and
// keeps what it transpiled on disk keyed by content (node_modules/.cache/awswo/ts), so a command
// starts without transpiling anything it has run before. Types are checked by `tsc --noEmit` in
// `npm test`. Student labs never load through this hook: the grader bundles them into a sandbox.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const LIBRARY_ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(LIBRARY_ROOT, 'node_modules', '.cache', 'awswo', 'ts');
let esbuild;
let cacheWritable = true;

function transpile(source, filename) {
  const key = crypto.createHash('sha256').update('1\0').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // Not transpiled yet.
  }
  esbuild ??= require('esbuild');
  const { code } = esbuild.transformSync(source, { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: filename, sourcemap: 'inline' });
  if (cacheWritable) {
    try {
      fs.mkdirSync(CACHE, { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, code);
      fs.renameSync(tmp, cached);
    } catch {
      cacheWritable = false;
    }
  }
  return code;
}

if (!require.extensions['.ts']) {
  require.extensions['.ts'] = function compileTypeScript(module, filename) {
    module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
  };
}

module.exports = { LIBRARY_ROOT };
