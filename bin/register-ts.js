'use strict';
// Loads TypeScript in-process with esbuild (transpile only, ~1 ms a file) instead of ts-node
// (~10 s a synth). Types are checked separately by `tsc --noEmit` in `npm test`.
const fs = require('fs');
const path = require('path');
const Module = require('module');
const { transformSync } = require('esbuild');

const LIBRARY_ROOT = path.resolve(__dirname, '..');

if (!require.extensions['.ts']) {
  require.extensions['.ts'] = function compileTypeScript(module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const { code } = transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcefile: filename,
      sourcemap: 'inline',
    });
    module._compile(code, filename);
  };
}

const redirects = new Map();
const originalResolve = Module._resolveFilename;

/**
 * The grader grades only the student's lab code and documents: when code inside `workspaceRoot`
 * imports the library (lib/, bin/) or a package, it gets the grader's own copy, never the workspace's.
 */
function redirectWorkspace(workspaceRoot) {
  const root = path.resolve(workspaceRoot);
  if (root === LIBRARY_ROOT || redirects.has(root)) return;
  redirects.set(root, true);
  if (Module._resolveFilename !== originalResolve) return;
  Module._resolveFilename = function resolveWithRedirects(request, parent, ...rest) {
    const from = parent && parent.filename;
    if (from) {
      for (const ws of redirects.keys()) {
        if (!from.startsWith(ws + path.sep)) continue;
        if (request.startsWith('.')) {
          const target = path.resolve(path.dirname(from), request);
          const rel = path.relative(ws, target);
          const top = rel.split(path.sep)[0];
          if (top === 'lib' || top === 'bin' || top === 'node_modules') {
            return originalResolve.call(this, path.join(LIBRARY_ROOT, rel), parent, ...rest);
          }
        } else if (!path.isAbsolute(request) && !request.startsWith('node:')) {
          return originalResolve.call(this, request, parent, false, { paths: [LIBRARY_ROOT] });
        }
      }
    }
    return originalResolve.call(this, request, parent, ...rest);
  };
}

module.exports = { redirectWorkspace, LIBRARY_ROOT };
