'use strict';
// The sandboxed synthesis process. Started by the grader under Node's permission model (read: the
// packages a synthesis loads, this file, the lab bundle and its output folder; write: that folder; no
// child processes, no workers), it preloads aws-cdk-lib while the grader bundles the lab, then
// synthesizes ONE lab and exits. It never holds another student's code and never sees the grader's.
const fs = require('fs');
const path = require('path');

// fs-extra's copy (CDK stages custom resource code with it) stats every ancestor of its
// destination, and the permission model hides the sandbox folder's ancestors: answer those with the
// sandbox folder's own stat, which tells nothing about what lies outside it.
const sandbox = process.cwd();
const ancestors = new Set();
for (let d = path.dirname(sandbox); d !== path.dirname(d); d = path.dirname(d)) ancestors.add(d);
for (const name of ['statSync', 'lstatSync']) {
  const real = fs[name];
  fs[name] = function statInsideSandbox(p, options) {
    try {
      return real.call(fs, p, options);
    } catch (err) {
      if (err && err.code === 'ERR_ACCESS_DENIED' && ancestors.has(path.resolve(String(p)))) return real.call(fs, sandbox, options);
      throw err;
    }
  };
}

const { preload = [], packages = [] } = JSON.parse(process.argv[2] || '{}');
const codeCache = require('./code-cache-hook');
codeCache.install(packages);
for (const mod of preload) {
  try {
    require(mod);
  } catch {
    // A module the lab does not need: the lab's own require reports a real problem.
  }
}

const send = (message) => new Promise((resolve) => process.send(message, resolve));

process.once('message', async (message) => {
  if (!message || message.type !== 'job') return;
  try {
    // The grader's stamp of the packages' installation: the cache's resolutions count only under it.
    if (message.codeCache || message.saveCodeCache) codeCache.use(message.codeCache, message.installStamp);
    const synthesize = require(message.bundle);
    const runs = synthesize(message.job);
    // Only for the library's own pristine lab, in a process that ran nothing else (the grader's call).
    if (message.saveCodeCache) codeCache.save(message.saveCodeCache.file, { keepUnused: true, meta: message.saveCodeCache.meta });
    // Data only: the templates as JSON text, which the grader parses itself.
    await send({ type: 'result', json: JSON.stringify(runs), codeCache: { ...codeCache.stats(), resolved: codeCache.resolutionStats().served } });
    process.exit(0);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    await send({ type: 'error', name: e.name, message: e.message, stack: e.stack, code: e.code, resource: e.resource, permission: e.permission });
    process.exit(1);
  }
});

send({ type: 'ready' });
