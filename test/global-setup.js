// One temp folder for the whole run, removed by test/global-teardown.js: the files and folders the
// tests make in the temp dir go there, and so do the ones aws-cdk-lib makes for every App without an
// outdir (`cdk.outXXXX`, never removed: about 190 a run). Workers start after this and inherit it.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-test-run-'));
  process.env.AWSWO_TEST_RUN_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
