// `node benchmarks/dist/postgres/consumer-costs.js [backlog]`: what a PostgreSQL worker's statements
// cost against a backlog of `backlog` (30,000) delivery rows, in this process, on a schema of its own
// whose tables have no statistics yet (autovacuum is off on them, as a young table is before its first
// analyze; the worker's commits do not wait for the WAL flush, as the backend's):
//
// 1. the claim of 100 rows, median of 30 each: the schema's `claim` function as the backend calls it
//    (PL/pgSQL, version 4), the SQL function of version 1, and the claim statement sent as a prepared
//    statement of the client's (its generic plan without the function's planner settings);
// 2. the ack of those 100 rows: the settle's delete as a prepared statement (a generic plan), and
//    the same text planned for each batch (unnamed);
// 3. a Spine draining a backlog of `backlog` events: events/s, statements per event, worker CPU.
import { Event, ListensTo, Organ, Spine } from '@necrostack/core';
import { PostgresBackend, PostgresTables } from '@necrostack/backend-postgres';
import type { PoolClient } from 'pg';
import { quietLogger } from '../lib/quiet-logger';
import { POSTGRES_URL, dropSchema, uniqueSchema } from './postgres-info';

const ROUNDS = 30;
const BATCH = 100;

interface ClaimedKeys { group_name: string; seq: string; token: string }

const logger = quietLogger();
let drained = 0;
let drainedAll: () => void = () => undefined;

@Organ({ name: 'Costs' })
@ListensTo('COSTS')
class Costs {
  async handle(): Promise<void> {
    if (--drained === 0) drainedAll();
  }
}

function median(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${(sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(2)} ms`;
}

async function filled(backlog: number): Promise<{ backend: PostgresBackend; schema: string }> {
  const schema = uniqueSchema();
  const backend = new PostgresBackend({ connectionString: POSTGRES_URL, schema, logger });
  await backend.subscribe([{ group: 'Costs', eventTypes: ['COSTS'] }]);
  for (const table of [backend.tables.deliveries, backend.tables.events]) await backend.pool.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
  for (let i = 0; i < backlog; i += 1_000) {
    await backend.enqueue(Array.from({ length: Math.min(1_000, backlog - i) }, (_, n) => new Event('COSTS', { n: i + n })));
  }
  return { backend, schema };
}

/** The claim statement of version 4 without its function: what a client-side prepared statement would run. */
function bareClaim(t: PostgresTables): string {
  return `WITH picked AS (
      SELECT c.group_name, c.seq FROM unnest($1::text[]) AS g(name)
      CROSS JOIN LATERAL (
        SELECT d.group_name, d.seq FROM ${t.deliveries} d
        WHERE d.group_name = g.name AND d.token IS NULL AND d.visible_at <= now()
        ORDER BY d.seq LIMIT $2 FOR UPDATE SKIP LOCKED
      ) c ORDER BY c.seq LIMIT $2
    )
    UPDATE ${t.deliveries} d SET token = nextval('${t.schemaName}.claim_tokens'), consumer = $3, attempt = d.attempt + 1,
      visible_at = now() + $4::float8 * interval '1 millisecond'
    FROM picked LEFT JOIN ${t.events} e ON e.seq = picked.seq
    WHERE d.group_name = picked.group_name AND d.seq = picked.seq
    RETURNING d.group_name, d.seq::text, d.token::text, e.body, e.meta`;
}

async function statementCosts(backlog: number): Promise<void> {
  const { backend, schema } = await filled(backlog);
  const t = backend.tables;
  const client: PoolClient = await backend.pool.connect();
  const claims: Record<string, () => Promise<ClaimedKeys[]>> = {
    'claim, PL/pgSQL function (v4, used)': async () => (await client.query<ClaimedKeys>({ name: 'v4', text: `SELECT * FROM ${t.claim}($1::text[], $2, 'costs', 30000, '{}', false)`, values: [['Costs'], BATCH] })).rows,
    'claim, SQL function (v1)': async () => (await client.query<ClaimedKeys>({ name: 'v1', text: `SELECT * FROM ${t.claim}($1::text[], $2, 'costs', 30000, '{}')`, values: [['Costs'], BATCH] })).rows,
    'claim, client-side prepared statement': async () => (await client.query<ClaimedKeys>({ name: 'bare', text: bareClaim(t), values: [['Costs'], BATCH, 'costs', 30000] })).rows,
  };
  const ack = `WITH acked AS (DELETE FROM ${t.deliveries} d USING unnest($1::text[], $2::bigint[], $3::bigint[]) AS x(g, seq, token)
    WHERE d.group_name = x.g AND d.seq = x.seq AND d.token = x.token RETURNING 1)
    SELECT count(*), set_config('synchronous_commit', 'off', true) FROM acked`;
  const acks: Record<string, (rows: ClaimedKeys[]) => Promise<unknown>> = {
    'ack of 100, prepared (generic plan, used)': (rows) => client.query({ name: 'ack', text: ack, values: keys(rows) }),
    'ack of 100, planned for each batch': (rows) => client.query(ack, keys(rows)),
  };
  const times = new Map<string, number[]>([...Object.keys(claims), ...Object.keys(acks)].map((k) => [k, []]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, claim] of Object.entries(claims)) {
        const started = performance.now();
        const rows = await claim();
        times.get(name)!.push(performance.now() - started);
        const [ackName, ackWith] = Object.entries(acks)[round % 2]!;
        const acking = performance.now();
        await ackWith(rows);
        times.get(ackName)!.push(performance.now() - acking);
      }
    }
    console.log(`statement costs against a backlog of ${backlog} rows, medians of ${ROUNDS} or more:`);
    console.table(Object.fromEntries([...times].map(([k, v]) => [k, median(v)])));
  } finally {
    client.release();
    await backend.close();
    await dropSchema(schema);
  }
}

function keys(rows: readonly ClaimedKeys[]): [string[], string[], string[]] {
  return [rows.map((r) => r.group_name), rows.map((r) => r.seq), rows.map((r) => r.token)];
}

async function drainRate(backlog: number): Promise<void> {
  const { backend, schema } = await filled(backlog);
  let statements = 0;
  const query = backend.pool.query.bind(backend.pool) as (...args: unknown[]) => unknown;
  (backend.pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
    statements++;
    return query(...args);
  };
  drained = backlog;
  const done = new Promise<void>((resolve) => { drainedAll = resolve; });
  const spine = new Spine({ organs: [new Costs()], backend, logger });
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const running = spine.runForever();
    await done;
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    await spine.stop();
    await running;
    console.log(`a Spine drained ${backlog} events in ${ms.toFixed(0)} ms: ${Math.round((backlog / ms) * 1000)} events/s, ` +
      `${(statements / backlog).toFixed(3)} statements per event, worker CPU ${Math.round(((used.user + used.system) / 1000 / ms) * 100)} % of a core`);
  } finally {
    await backend.close();
    await dropSchema(schema);
  }
}

async function main(): Promise<void> {
  const backlog = Number(process.argv[2] ?? 30_000);
  await statementCosts(backlog);
  await drainRate(backlog);
}

void main();
