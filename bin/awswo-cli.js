#!/usr/bin/env node
// The `awswo` command: TypeScript sources run in-process through esbuild, no build step needed.
require('./register-ts.js');
require('./cli.ts');
