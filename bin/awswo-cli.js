#!/usr/bin/env node
// The `awswo` command: TypeScript sources run in-process through esbuild, no build step needed.
const { LIBRARY_ROOT } = require('./register-ts.js');
require('./grader-code-cache.js').start(LIBRARY_ROOT);
require('./cli.ts');
