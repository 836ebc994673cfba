// Removes the run's temp folder (test/global-setup.js).
const fs = require('fs');

module.exports = async () => {
  const dir = process.env.AWSWO_TEST_RUN_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
