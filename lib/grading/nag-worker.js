'use strict';
// cdk-nag in a worker thread of the grader (started by `grade` before the grader loads): loading
// cdk-nag and the aws-cdk-lib modules it reads a template back with, and warming them on the
// drill's baseline, happen on another core while the grader loads and the sandbox synthesizes.
// It judges templates as data (nag-findings.ts); it never runs a student's code.
const path = require('path');
const { parentPort, workerData } = require('worker_threads');

const { libraryRoot } = workerData;
require(path.join(libraryRoot, 'bin/register-ts.js'));
const codeCache = require(path.join(libraryRoot, 'bin/grader-code-cache.js')).start(libraryRoot, 'nag-worker');
const { nagFindings } = require('./nag-findings.ts');

parentPort.on('message', (m) => {
  try {
    parentPort.postMessage({ id: m.id, ok: true, findings: nagFindings(m.template, m.acknowledgements) });
  } catch (err) {
    parentPort.postMessage({ id: m.id, ok: false, message: err && err.message ? err.message : String(err) });
  }
  // A worker is terminated, not ended: its cache is written after the warm-up, when it has loaded all it will.
  if (m.warm) codeCache?.saveIfStale();
});
