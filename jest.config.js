/** Type-checking is done once by `tsc --noEmit` (npm test); ts-jest only transpiles. */
const os = require('os');

module.exports = {
  // Each test file's syntheses already run in a pool across the cores, but a file's own work (the
  // grader judging templates, loading modules) is single-threaded: two workers on two cores keep
  // both busy (npm test: 285 s against 433 s with Jest's default of one worker there).
  maxWorkers: Math.max(2, Math.ceil(os.availableParallelism() / 2)),
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFiles: ['<rootDir>/test/setup-env.js'],
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  testTimeout: 60000,
};
