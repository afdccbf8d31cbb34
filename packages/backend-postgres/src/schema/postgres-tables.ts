/**
 * Every SQL name the backend uses, built from its `schema` in this one place (tables, sequence,
 * trigger functions, NOTIFY channels and advisory-lock key). The layout is documented in
 * docs/postgres.md.
 *
 * @example
 * ```ts
 * const tables = new PostgresTables('necrostack');
 * await pool.query(`SELECT count(*) FROM ${tables.deliveries}`);
 * ```
 */
export class PostgresTables {
  /** The quoted schema, e.g. `"necrostack"`. */
  readonly schema: string;
  /** Every event enqueued, in order (`seq`), kept until retention deletes it. */
  readonly events: string;
  /** One row per group and event still to be settled: the work queue. */
  readonly deliveries: string;
  /** The subscribed groups and their event types. */
  readonly groups: string;
  /** Durable dead letters. */
  readonly deadLetters: string;
  /** The event ids idempotent groups completed. */
  readonly completions: string;
  /** The trigger function that gives the groups receiving every type (forwarders) their deliveries. */
  readonly forwardOut: string;
  /** The versions of the migrations applied. */
  readonly migrations: string;
  /** The sequence of claim tokens: each claim of a delivery gets a new one. */
  readonly claimTokens: string;
  /** The trigger function that creates the deliveries of new events and notifies consumers. */
  readonly fanOut: string;
  /** The function that claims deliveries (see the Claimer). */
  readonly claim: string;
  /** The NOTIFY channel consumers LISTEN on (as a string for `pg_notify`, and quoted for `LISTEN`). */
  readonly channel: string;
  readonly quotedChannel: string;
  /** Events due later (`deliverAt`), until a promoter moves them into `events`. */
  readonly delayed: string;
  /** The function that moves due delayed events into `events` (see the DelayedPromoter). */
  readonly promote: string;
  /** The trigger function that tells the promoters when new delayed events fall due. */
  readonly notifyDelayed: string;
  /** The NOTIFY channel of new delayed events (payload: the earliest due time of the batch, epoch ms). */
  readonly delayedChannel: string;
  /** The latest tick claimed per recurring schedule. */
  readonly schedules: string;
  /** Saga instances: one versioned document per saga and correlation key. */
  readonly sagas: string;

  constructor(readonly schemaName: string) {
    this.schema = quote(schemaName);
    this.events = `${this.schema}.events`;
    this.deliveries = `${this.schema}.deliveries`;
    this.groups = `${this.schema}.groups`;
    this.deadLetters = `${this.schema}.dead_letters`;
    this.completions = `${this.schema}.completions`;
    this.forwardOut = `${this.schema}.forward_out`;
    this.migrations = `${this.schema}.schema_migrations`;
    this.claimTokens = `${this.schema}.claim_tokens`;
    this.fanOut = `${this.schema}.fan_out`;
    this.claim = `${this.schema}.claim`;
    this.channel = `${schemaName}.events`;
    this.quotedChannel = quote(this.channel);
    this.delayed = `${this.schema}.delayed`;
    this.promote = `${this.schema}.promote`;
    this.notifyDelayed = `${this.schema}.notify_delayed`;
    this.delayedChannel = `${schemaName}.delayed`;
    this.schedules = `${this.schema}.schedules`;
    this.sagas = `${this.schema}.sagas`;
  }

  /** The name of a prepared statement of this schema's, e.g. `necro_necrostack_settle` (unique per pool). */
  statement(purpose: string): string {
    return `necro_${this.schemaName}_${purpose}`;
  }
}

/** A double-quoted SQL identifier. */
export function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** The SQL text literal of a string. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
