/**
 * The live integration suite (npm run test:live): drills deployed on moto_server, one after another.
 * Not part of `npm test` (test/live/notice.test.ts says so there when moto_server is missing).
 */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/live'],
  testMatch: ['**/*.live.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFiles: ['<rootDir>/test/setup-env.js'],
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  maxWorkers: 1,
  testTimeout: 600000,
  verbose: true,
};
