'use strict';
// Jest transformer for a project that installs awswo (a student handout): TypeScript (the
// project's tests and labs, and the library, which ships its sources) transpiled by esbuild,
// the way bin/register-ts.js loads it outside Jest. Types are not checked here.
const crypto = require('crypto');
const esbuild = require('esbuild');

module.exports = {
  getCacheKey(source, filename) {
    return crypto.createHash('sha256').update(`awswo-jest-1\0${esbuild.version}\0${filename}\0`).update(source).digest('hex');
  },
  process(source, filename) {
    const { code, map } = esbuild.transformSync(source, { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: filename, sourcemap: 'external' });
    return { code, map };
  },
};
