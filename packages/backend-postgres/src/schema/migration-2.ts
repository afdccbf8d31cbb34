import { literal, type PostgresTables } from './postgres-tables';

/**
 * Version 2: delayed events, recurring schedules and saga instances. Each feature has a table of
 * its own, so nothing changes for the tables of version 1 and the claim: a delayed event waits in
 * `delayed`, off the deliveries a claim walks, until `promote` moves it into `events`, where the
 * fan-out trigger routes it like any other event.
 */
export const MIGRATION_2 = {
  version: 2,
  description: 'delayed events (promote), schedule ticks, saga instances',
  sql: (t: PostgresTables): string => `
    CREATE TABLE ${t.delayed} (
      seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id          text,
      event_type  text,
      body        text NOT NULL,
      meta        text,
      deliver_at  timestamptz NOT NULL,
      enqueued_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX delayed_due ON ${t.delayed} (deliver_at, seq);

    -- Tells every promoter the earliest due time of each insert, at commit: one that planned a
    -- later call moves it forward. The payload is epoch milliseconds.
    CREATE FUNCTION ${t.notifyDelayed}() RETURNS trigger LANGUAGE plpgsql AS $notify_delayed$
    DECLARE
      due timestamptz;
    BEGIN
      SELECT min(n.deliver_at) INTO due FROM new_delayed n;
      IF due IS NOT NULL THEN
        PERFORM pg_notify(${literal(t.delayedChannel)}, floor(extract(epoch FROM due) * 1000)::bigint::text);
      END IF;
      RETURN NULL;
    END
    $notify_delayed$;
    CREATE TRIGGER notify_delayed AFTER INSERT ON ${t.delayed}
      REFERENCING NEW TABLE AS new_delayed FOR EACH STATEMENT EXECUTE FUNCTION ${t.notifyDelayed}();

    -- Moves up to max due events (by the database's clock) into events, earliest first, in one
    -- transaction: rows another promoter is moving are skipped (SKIP LOCKED), so each event enters
    -- events exactly once however many workers call it. Skips the insert when nothing is due, so
    -- an idle call wakes no consumer. Returns how many it moved and the ms until the next one is
    -- due (null when none waits).
    CREATE FUNCTION ${t.promote}(max integer) RETURNS TABLE (moved integer, next_in_ms float8)
    LANGUAGE plpgsql AS $promote$
    DECLARE
      n integer := 0;
    BEGIN
      IF EXISTS (SELECT 1 FROM ${t.delayed} d WHERE d.deliver_at <= now()) THEN
        WITH due AS (
          SELECT d.seq FROM ${t.delayed} d WHERE d.deliver_at <= now()
          ORDER BY d.deliver_at, d.seq LIMIT max FOR UPDATE SKIP LOCKED
        ), taken AS (
          DELETE FROM ${t.delayed} d USING due WHERE d.seq = due.seq
          RETURNING d.seq, d.id, d.event_type, d.body, d.meta, d.deliver_at
        )
        INSERT INTO ${t.events} (id, event_type, body, meta)
        SELECT taken.id, taken.event_type, taken.body, taken.meta FROM taken ORDER BY taken.deliver_at, taken.seq;
        GET DIAGNOSTICS n = ROW_COUNT;
      END IF;
      RETURN QUERY SELECT n, (SELECT greatest(0, extract(epoch FROM min(d.deliver_at) - now()) * 1000)::float8 FROM ${t.delayed} d);
    END
    $promote$;

    -- One row per schedule: the latest tick claimed (epoch ms). A claim moves it forward or fails.
    CREATE TABLE ${t.schedules} (
      name        text PRIMARY KEY,
      latest_tick bigint NOT NULL,
      claimed_by  text,
      claimed_at  timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE ${t.sagas} (
      saga       text NOT NULL,
      key        text NOT NULL,
      version    bigint NOT NULL,
      data       text NOT NULL,
      expires_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (saga, key)
    );
    CREATE INDEX sagas_expires_at ON ${t.sagas} (expires_at) WHERE expires_at IS NOT NULL;
  `,
};
