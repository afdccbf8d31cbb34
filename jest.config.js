/** Runs every test of the monorepo against the TypeScript sources (no build needed). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  testMatch: ['<rootDir>/packages/*/test/**/*.spec.ts', '<rootDir>/packages/*/src/**/*.spec.ts', '<rootDir>/examples/*/test/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/benchmarks/test/**/*.spec.ts'],
  moduleNameMapper: {
    '^@necrostack/core$': '<rootDir>/packages/core/src/index.ts',
    '^@necrostack/backend-memory$': '<rootDir>/packages/backend-memory/src/index.ts',
    '^@necrostack/testing$': '<rootDir>/packages/testing/src/index.ts',
    '^@necrostack/testkit$': '<rootDir>/packages/testkit/src/index.ts',
    '^@necrostack/backend-redis$': '<rootDir>/packages/backend-redis/src/index.ts',
    '^@necrostack/example-support$': '<rootDir>/examples/support/src/index.ts',
    '^@necrostack/prometheus$': '<rootDir>/packages/prometheus/src/index.ts',
    '^@necrostack/opentelemetry$': '<rootDir>/packages/opentelemetry/src/index.ts',
    '^@necrostack/cli$': '<rootDir>/packages/cli/src/index.ts',
  },
  globalSetup: '<rootDir>/test/global-setup.js',
  testTimeout: 30_000,
  // Locally a leaked handle shows as "Jest did not exit" (find it with --detectOpenHandles); in CI
  // it must not hold the job until its time limit, after every test already passed.
  forceExit: process.env.CI === 'true',
};
