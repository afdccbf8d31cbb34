import { MIGRATION_2 } from './migration-2';
import { MIGRATION_3 } from './migration-3';
import { MIGRATION_4 } from './migration-4';
import { literal, type PostgresTables } from './postgres-tables';

/** One step of the schema: applied once, in version order, recorded in `schema_migrations`. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  sql(tables: PostgresTables): string;
}

/**
 * Every migration, oldest first. Never edit one that shipped: add the next version. Each runs in
 * the transaction that records it, so a failure applies nothing.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'events, deliveries, groups, dead letters, completions; fan-out trigger',
    sql: (t) => `
      CREATE TABLE ${t.events} (
        seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id           text,
        event_type   text,
        body         text NOT NULL,
        meta         text,
        target_group text,
        enqueued_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX events_enqueued_at ON ${t.events} (enqueued_at);

      CREATE TABLE ${t.groups} (
        name        text PRIMARY KEY,
        event_types text[] NOT NULL,
        idempotent  boolean NOT NULL DEFAULT false,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      );

      -- Updated on every claim and renewal: room on each page for HOT updates (no indexed column changes).
      CREATE TABLE ${t.deliveries} (
        group_name text NOT NULL,
        seq        bigint NOT NULL,
        attempt    integer NOT NULL DEFAULT 0,
        visible_at timestamptz NOT NULL DEFAULT now(),
        token      bigint,
        consumer   text,
        PRIMARY KEY (group_name, seq)
      ) WITH (fillfactor = 70);
      CREATE INDEX deliveries_seq ON ${t.deliveries} (seq);
      CREATE SEQUENCE ${t.claimTokens};

      CREATE TABLE ${t.deadLetters} (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id      text,
        group_name    text,
        organ         text,
        body          text NOT NULL,
        meta          text,
        error_name    text NOT NULL,
        error_code    text,
        error_message text NOT NULL,
        attempts      integer NOT NULL,
        failed_at     timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE ${t.completions} (
        group_name   text NOT NULL,
        event_id     text NOT NULL,
        completed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_name, event_id)
      );
      CREATE INDEX completions_completed_at ON ${t.completions} (completed_at);

      -- Any writer (this backend, psql, another language) gets the same routing: a row with no
      -- event_type (unreadable) goes to every group, so that each dead-letters it; a replayed row
      -- (target_group) to its group only. The notification is sent at commit, never on rollback.
      CREATE FUNCTION ${t.fanOut}() RETURNS trigger LANGUAGE plpgsql AS $fan_out$
      BEGIN
        INSERT INTO ${t.deliveries} (group_name, seq)
        SELECT g.name, n.seq
        FROM new_events n
        JOIN ${t.groups} g ON CASE WHEN n.target_group IS NOT NULL THEN g.name = n.target_group
                                   ELSE n.event_type IS NULL OR n.event_type = ANY (g.event_types) END;
        PERFORM pg_notify(${literal(t.channel)}, '');
        RETURN NULL;
      END
      $fan_out$;
      CREATE TRIGGER fan_out AFTER INSERT ON ${t.events}
        REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION ${t.fanOut}();

      -- The claim (see Claimer). A function for its SET clauses: a group's rows must be read in
      -- primary-key order, stopping after max, whatever the statistics say. Right after a burst into
      -- a new table they are stale, and the planner would read and sort the whole backlog of a group
      -- on every claim instead; JIT would then compile each claim for that cost.
      CREATE FUNCTION ${t.claim}(groups text[], max integer, consumer text, lease_ms float8, idempotent text[])
      RETURNS TABLE (group_name text, seq text, token text, attempt integer, recovered boolean, done boolean, body text, meta text)
      LANGUAGE sql SET enable_sort = off SET enable_bitmapscan = off SET jit = off AS $claim$
        WITH picked AS (
          SELECT c.group_name, c.seq, c.token AS old_token
          FROM unnest(groups) AS g(name)
          CROSS JOIN LATERAL (
            SELECT d.group_name, d.seq, d.token FROM ${t.deliveries} d
            WHERE d.group_name = g.name AND d.visible_at <= now()
            ORDER BY d.seq LIMIT max FOR UPDATE SKIP LOCKED
          ) c
          ORDER BY c.seq LIMIT max
        )
        UPDATE ${t.deliveries} d
        SET token = nextval(${literal(t.claimTokens)}), consumer = claim.consumer, attempt = d.attempt + 1,
            visible_at = now() + lease_ms * interval '1 millisecond'
        FROM picked LEFT JOIN ${t.events} e ON e.seq = picked.seq
        WHERE d.group_name = picked.group_name AND d.seq = picked.seq
        RETURNING d.group_name, d.seq::text, d.token::text, d.attempt, picked.old_token IS NOT NULL, d.group_name = ANY (idempotent)
          AND EXISTS (SELECT 1 FROM ${t.completions} k WHERE k.group_name = d.group_name AND k.event_id = e.id), e.body, e.meta
      $claim$;
    `,
  },
  MIGRATION_2,
  MIGRATION_3,
  MIGRATION_4,
];
