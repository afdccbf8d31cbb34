'use strict';
// The system under test on Redis: a private redis-server, its stream and dead-letter stream, and
// the harness's own connection to it (named `chaos-harness`, so a connection-kill never cuts it).
const { RedisKeys } = require('@necrostack/backend-redis');
const { Event } = require('@necrostack/core');
const { createAdminClient } = require('../admin-client');
const { summarizeLetter } = require('../checker');
const { PrivateRedis } = require('../private-redis');
const { sleep, withTimeout } = require('../wait');

const ADMIN_TIMEOUT_MS = 10_000;
const PAGE = 1_000;
const MAX_DEAD_LETTER_PAGES = 1_000;

/** @implements {import('./target').ChaosTarget} */
class RedisTarget {
  /** @param {string} run @param {PrivateRedis} redis */
  constructor(run, redis) {
    this.name = 'Redis';
    this.redis = redis;
    this.keys = new RedisKeys({ streamKey: `${run}:events`, consumerGroup: 'necrostack' });
    this.admin = createAdminClient(redis.url);
    this.where = `redis-server pid ${redis.pid} on ${redis.url}, dir ${redis.dir}`;
  }

  /** Starts the private redis-server (the harness then connects). @param {string} run */
  static async start(run) {
    return new RedisTarget(run, await PrivateRedis.start());
  }

  async connect() {
    await this.admin.connect();
  }

  /** @param {string} _worker */
  workerArgs(_worker) {
    return ['--backend', this.redis.url, '--stream', this.keys.streamKey];
  }

  /** One pipelined batch of XADDs. @param {readonly Event[]} events */
  async publish(events) {
    const pipeline = this.admin.multi();
    for (const event of events) pipeline.xAdd(this.keys.streamKey, '*', { event: Event.encode(event) });
    await withTimeout(pipeline.execAsPipeline(), ADMIN_TIMEOUT_MS, 'XADD batch');
  }

  /** Every entry of the dead-letter stream, read page by page. */
  async deadLetters() {
    const out = [];
    let start = '-';
    for (let page = 0; page < MAX_DEAD_LETTER_PAGES; page++) {
      const entries = /** @type {[string, string[]][]} */ (await withTimeout(this.admin.sendCommand(['XRANGE', this.keys.dlq, start, '+', 'COUNT', String(PAGE)]), ADMIN_TIMEOUT_MS, 'XRANGE dlq'));
      for (const [, fields] of entries) {
        const get = (name) => {
          const i = fields.findIndex((v, k) => k % 2 === 0 && v === name);
          return i < 0 ? '' : String(fields[i + 1]);
        };
        out.push(summarizeLetter(get('event'), { organ: get('organ'), errorClass: get('error_class'), reason: get('reason') }));
      }
      if (entries.length < PAGE) return out;
      start = `(${entries[entries.length - 1][0]}`;
    }
    throw new Error(`more than ${MAX_DEAD_LETTER_PAGES * PAGE} dead letters`);
  }

  /** Whether the dead-letter stream holds the event (scans it: the run's DLQ is small). @param {string} eventId */
  async isDeadLettered(eventId) {
    const entries = /** @type {[string, string[]][]} */ (await withTimeout(this.admin.sendCommand(['XRANGE', this.keys.dlq, '-', '+']), ADMIN_TIMEOUT_MS, 'XRANGE dlq'));
    return entries.some(([, fields]) => fields.some((value, i) => i % 2 === 1 && value.includes(eventId)));
  }

  /** Each organ's consumer group: pending entries, and whether it has read the whole stream. @param {readonly string[]} organs */
  async groupStates(organs) {
    const groups = organs.map((g) => this.keys.groupName(g));
    // One MULTI, so the stream's last id and the groups' positions are read at the same instant.
    const [info, list] = /** @type {[unknown[], unknown[][]]} */ (await withTimeout(this.admin.multi()
      .addCommand(['XINFO', 'STREAM', this.keys.streamKey])
      .addCommand(['XINFO', 'GROUPS', this.keys.streamKey])
      .exec(), ADMIN_TIMEOUT_MS, 'XINFO'));
    const lastId = String(field(info, 'last-generated-id'));
    return list.map((g) => ({
      name: String(field(g, 'name')),
      pending: Number(field(g, 'pending')),
      unread: String(field(g, 'last-delivered-id')) !== lastId,
    })).filter((g) => groups.includes(g.name));
  }

  /** CLIENT KILL ID on one, or all, of the workers' connections (never the harness's or the recorders'). */
  async killConnections(scope, random) {
    const list = String(await withTimeout(this.admin.sendCommand(['CLIENT', 'LIST', 'TYPE', 'normal']), ADMIN_TIMEOUT_MS, 'CLIENT LIST'));
    const ids = list.split('\n').map(parseClient).flatMap((c) => (c && !c.name.startsWith('chaos-') ? [c.id] : []));
    const victims = scope === 'all' ? ids : ids.length > 0 ? [random.pick(ids)] : [];
    for (const id of victims) await withTimeout(this.admin.sendCommand(['CLIENT', 'KILL', 'ID', id]), ADMIN_TIMEOUT_MS, 'CLIENT KILL');
    return victims.length;
  }

  /** Graceful restart (SIGTERM by pid; the append-only file keeps the data) on the same port and directory. */
  restart(downMs) {
    return this.redis.restart(downMs);
  }

  /**
   * Out of memory (noeviction): CONFIG SET maxmemory 1 for `ms`, then back to 0. Writes that need
   * memory (XADD, the dead-letter script, the organs' records) are refused meanwhile; reads and acks are not.
   */
  async outOfMemory(ms) {
    await withTimeout(this.admin.sendCommand(['CONFIG', 'SET', 'maxmemory', '1']), ADMIN_TIMEOUT_MS, 'CONFIG SET maxmemory 1');
    try {
      await sleep(ms);
    } finally {
      await withTimeout(this.admin.sendCommand(['CONFIG', 'SET', 'maxmemory', '0']), ADMIN_TIMEOUT_MS, 'CONFIG SET maxmemory 0');
    }
  }

  async destroy() {
    this.admin.destroy();
    await this.redis.destroy();
  }
}

/** The value after `name` in a flat [name, value, …] reply. */
function field(reply, name) {
  const i = reply.findIndex((v, k) => k % 2 === 0 && String(v) === name);
  return i < 0 ? undefined : reply[i + 1];
}

/** `id=7 addr=… name=chaos-harness …` → { id, name } */
function parseClient(line) {
  const id = /(?:^| )id=(\d+)/.exec(line)?.[1];
  if (!id) return undefined;
  return { id, name: /(?:^| )name=(\S*)/.exec(line)?.[1] ?? '' };
}

module.exports = { RedisTarget };
