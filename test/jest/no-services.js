// Setup of the `unit` jest project: unit tests use no service. Every test that reads REDIS_URL or
// POSTGRES_URL is pointed at a port where nothing listens, so a unit test that needs a service fails
// in every run (and belongs in a *.int.spec.ts file), not only on a machine without it.
process.env.REDIS_URL = 'redis://127.0.0.1:1';
process.env.POSTGRES_URL = 'postgres://root@127.0.0.1:1/test';
