/**
 * Runs every test of the monorepo against the TypeScript sources (no build needed), in projects:
 * - unit: no services at all (`npm run test:unit` runs with no Redis);
 * - integration: `*.int.spec.ts`, against the Redis at REDIS_URL (127.0.0.1:6379 by default) and the
 *   PostgreSQL at POSTGRES_URL (postgres://root@127.0.0.1:5432/test by default);
 * - slow: fuzzing (`*.fuzz.spec.ts`) and long runs (`*.slow.spec.ts`), which may start their own Redis;
 * - consumers: the consumer matrix (test/consumers), packed packages installed in scratch projects.
 * `npm test` runs them all; test/jest-projects.spec.ts checks every spec file
 * belongs to exactly one project.
 */
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

/** Where spec files live; each project narrows it by the file's suffix. */
const SPEC_DIRS = ['packages/*/test/**', 'packages/*/src/**', 'examples/*/test/**', 'test/**', 'benchmarks/test/**'];
const specs = (suffix) => SPEC_DIRS.map((dir) => `<rootDir>/${dir}/*${suffix}`);

// NestJS 12 ships ES modules only, which jest's CommonJS runtime cannot require before Node 24.9.
const esmToCommonJs = ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }];

/** What every project shares: the transforms and the module map (one place for both). */
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc, '/node_modules/@nestjs/.+\\.js$': esmToCommonJs },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  moduleNameMapper: {
    '^@necrostack/core$': '<rootDir>/packages/core/src/index.ts',
    '^@necrostack/backend-memory$': '<rootDir>/packages/backend-memory/src/index.ts',
    '^@necrostack/testing$': '<rootDir>/packages/testing/src/index.ts',
    '^@necrostack/testkit$': '<rootDir>/packages/testkit/src/index.ts',
    '^@necrostack/redis-servers$': '<rootDir>/packages/redis-servers/src/index.ts',
    '^@necrostack/backend-redis$': '<rootDir>/packages/backend-redis/src/index.ts',
    '^@necrostack/backend-postgres$': '<rootDir>/packages/backend-postgres/src/index.ts',
    '^@necrostack/example-support$': '<rootDir>/examples/support/src/index.ts',
    '^@necrostack/prometheus$': '<rootDir>/packages/prometheus/src/index.ts',
    '^@necrostack/opentelemetry$': '<rootDir>/packages/opentelemetry/src/index.ts',
    '^@necrostack/cli$': '<rootDir>/packages/cli/src/index.ts',
    '^@necrostack/nestjs$': '<rootDir>/packages/nestjs/src/index.ts',
  },
};

/** Fails the run at once, with the fix, when Redis is down (projects that need it). */
const needsRedis = { globalSetup: '<rootDir>/test/global-setup.js' };

module.exports = {
  testTimeout: 30_000,
  // Locally a leaked handle shows as "Jest did not exit" (find it with --detectOpenHandles); in CI
  // it must not hold the job until its time limit, after every test already passed.
  forceExit: process.env.CI === 'true',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: specs('.spec.ts'),
      testPathIgnorePatterns: ['/node_modules/', '\\.(int|fuzz|slow)\\.spec\\.ts$', '<rootDir>/test/consumers/'],
      // REDIS_URL points at a closed port: a unit test that needs Redis fails in every run.
      setupFiles: ['<rootDir>/test/jest/no-services.js'],
    },
    { ...shared, ...needsRedis, displayName: 'integration', testMatch: specs('.int.spec.ts') },
    {
      ...shared, ...needsRedis, displayName: 'slow', testMatch: [...specs('.fuzz.spec.ts'), ...specs('.slow.spec.ts')],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/consumers/'],
    },
    { ...shared, displayName: 'consumers', testMatch: ['<rootDir>/test/consumers/*.spec.ts'], testTimeout: 900_000 },
  ],
};
