import { createHash } from 'node:crypto';
import type { RedisCommand, RedisConnection } from '../connection/redis-connection';
import { hashText } from '../connection/command-key';
import { describeCause } from '../translate-error';

/** A Lua script and its SHA1, for EVAL / EVALSHA. */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
  readonly sha1: string;
}

export function defineScript(name: string, source: string): LuaScript {
  return { name, source, sha1: createHash('sha1').update(source).digest('hex') };
}

/**
 * Builds the script calls of one pipeline: the first call of each script in each slot is an EVAL
 * (which also loads it), the following ones EVALSHA. Commands of a pipeline for one slot run in
 * order on one connection (on a Cluster, the slot's master), so no call ever meets NOSCRIPT, even
 * right after Redis restarted with an empty script cache.
 */
export class ScriptCalls {
  readonly #loaded = new Set<string>();

  call(script: LuaScript, keys: readonly string[], args: readonly string[]): RedisCommand {
    const loadedAs = keys.length === 0 ? script.sha1 : `${script.sha1}\n${hashText(keys[0] as string)}`;
    const head = this.#loaded.has(loadedAs) ? ['EVALSHA', script.sha1] : ['EVAL', script.source];
    this.#loaded.add(loadedAs);
    return [...head, String(keys.length), ...keys, ...args];
  }
}

/**
 * Runs one script on its own, one call per round trip: EVALSHA once Redis has it (so the source is
 * not sent every time), EVAL when Redis answers NOSCRIPT (it restarted or flushed its scripts, and
 * ran nothing).
 */
export class ScriptRunner {
  #loaded = false;

  constructor(private readonly connection: RedisConnection, private readonly script: LuaScript) {}

  async run(keys: readonly string[], args: readonly string[]): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args];
    if (this.#loaded) {
      try {
        const [reply] = await this.connection.pipeline([['EVALSHA', this.script.sha1, ...tail]]);
        return reply;
      } catch (error) {
        if (!describeCause(error).startsWith('NOSCRIPT')) throw error;
      }
    }
    const [reply] = await this.connection.pipeline([['EVAL', this.script.source, ...tail]]);
    this.#loaded = true;
    return reply;
  }
}
