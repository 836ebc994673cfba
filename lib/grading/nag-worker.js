'use strict';
// cdk-nag in a worker thread of the grader (started by `grade` before the grader loads): loading
// cdk-nag and the aws-cdk-lib modules it reads a template back with, and warming them on the
// drill's baseline, happen on another core while the grader loads and the sandbox synthesizes.
// It judges templates as data (nag-findings.ts); it never runs a student's code.
const path = require('path');
const { parentPort, workerData } = require('worker_threads');

// This thread has time to spare until the template arrives; the grader's main thread (bundling the
// lab) and the sandbox (synthesizing it) have none, and on two cores the three compete. A lower
// priority for this thread alone (Linux applies setpriority(0) to the calling thread; elsewhere it
// would lower the whole process, so it is left as it is) took about 20 ms off a one-drill grade in
// interleaved runs. It cannot be raised again unprivileged, which a thread that ends with the grade
// does not need.
if (process.platform === 'linux') {
  try {
    require('os').setPriority(0, 10);
  } catch {
    // Not allowed here: the same work, at the same priority.
  }
}

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
