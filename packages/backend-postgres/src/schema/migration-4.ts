import { literal, type PostgresTables } from './postgres-tables';

/**
 * Version 4: the claim that takes a dead consumer's deliveries over one at a time and commits without
 * waiting for the WAL flush (see Claimer and ASYNC_COMMIT), beside the claim of version 1, which the
 * workers of an older deploy still call.
 */
export const MIGRATION_4 = {
  version: 4,
  description: 'claim: dead consumers\' deliveries taken over one at a time; consumer commits not waiting for the WAL flush',
  sql: (t: PostgresTables): string => `
    -- The claim of this version (see Claimer), beside the one of version 1 (workers of an older
    -- deploy still call that one). Fresh rows (no token: new, nacked, released) are claimed in
    -- batches; a row whose lease ran out (a token: its consumer went silent) only when asked
    -- (recover), and one at a time, so that a poison event that kills its worker does not drag
    -- the rest of that worker's batch to maxDeliveries with it. PL/pgSQL, so that the plans of its
    -- statements are cached per connection. The claim commits without waiting for the WAL flush:
    -- lost in a server crash, it never happened, and the rows are claimed again.
    CREATE FUNCTION ${t.claim}(groups text[], max integer, consumer text, lease_ms float8, idempotent text[], recover boolean)
    RETURNS TABLE (group_name text, seq text, token text, attempt integer, recovered boolean, done boolean, body text, meta text)
    LANGUAGE plpgsql SET enable_sort = off SET enable_bitmapscan = off SET jit = off AS $claim$
    #variable_conflict use_column
    DECLARE
      taken_group text;
      taken_seq bigint;
      taken_token bigint;
    BEGIN
      PERFORM set_config('synchronous_commit', 'off', true);
      IF recover THEN
        SELECT d.group_name, d.seq, d.token INTO taken_group, taken_seq, taken_token FROM ${t.deliveries} d
        WHERE d.group_name = ANY (groups) AND d.token IS NOT NULL AND d.visible_at <= now()
        LIMIT 1 FOR UPDATE SKIP LOCKED;
      END IF;
      RETURN QUERY
      WITH picked AS (
        SELECT taken_group AS group_name, taken_seq AS seq, taken_token AS old_token WHERE taken_seq IS NOT NULL
        UNION ALL
        (SELECT c.group_name, c.seq, NULL::bigint
         FROM unnest(groups) AS g(name)
         CROSS JOIN LATERAL (
           SELECT d.group_name, d.seq FROM ${t.deliveries} d
           WHERE d.group_name = g.name AND d.token IS NULL AND d.visible_at <= now()
           ORDER BY d.seq LIMIT max FOR UPDATE SKIP LOCKED
         ) c
         ORDER BY c.seq LIMIT max - (taken_seq IS NOT NULL)::int)
      )
      UPDATE ${t.deliveries} d
      SET token = nextval(${literal(t.claimTokens)}), consumer = claim.consumer, attempt = d.attempt + 1,
          visible_at = now() + lease_ms * interval '1 millisecond'
      FROM picked LEFT JOIN ${t.events} e ON e.seq = picked.seq
      WHERE d.group_name = picked.group_name AND d.seq = picked.seq
      RETURNING d.group_name, d.seq::text, d.token::text, d.attempt, picked.old_token IS NOT NULL, d.group_name = ANY (idempotent)
        AND EXISTS (SELECT 1 FROM ${t.completions} k WHERE k.group_name = d.group_name AND k.event_id = e.id), e.body, e.meta;
    END
    $claim$;
  `,
};
