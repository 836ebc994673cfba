#!/usr/bin/env node
// The CDK app entry for a project that installs awswo as a package (a student handout's cdk.json:
// `node node_modules/awswo/bin/awswo-app.js`, with -c labs=. so the project's own labs are used).
require('./register-ts.js');
require('./awswo.ts');
