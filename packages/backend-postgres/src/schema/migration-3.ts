import type { PostgresTables } from './postgres-tables';

/**
 * Version 3: groups that receive every event, whatever its type (the forwarders). `groups.all_types`
 * marks them; a second statement trigger on `events`, `forward_out`, gives them a delivery of each
 * new row that `fan_out` does not route to them already (it routes unreadable rows, with no type, and
 * replays aimed at a group to every group named), so the two triggers never insert the same row, in
 * whatever order they fire. `fan_out` is left untouched and still sends the one notification.
 */
export const MIGRATION_3 = {
  version: 3,
  description: 'groups.all_types and the forward_out trigger: groups that receive every event (forwarders)',
  sql: (t: PostgresTables): string => `
    ALTER TABLE ${t.groups} ADD COLUMN all_types boolean NOT NULL DEFAULT false;

    CREATE FUNCTION ${t.forwardOut}() RETURNS trigger LANGUAGE plpgsql AS $forward_out$
    BEGIN
      INSERT INTO ${t.deliveries} (group_name, seq)
      SELECT g.name, n.seq
      FROM new_events n
      JOIN ${t.groups} g ON g.all_types AND n.target_group IS NULL AND n.event_type IS NOT NULL
                            AND NOT (n.event_type = ANY (g.event_types))
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END
    $forward_out$;
    CREATE TRIGGER forward_out AFTER INSERT ON ${t.events}
      REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION ${t.forwardOut}();
  `,
} as const;
