import type { DeadLetter } from '@necrostack/core';
import type { RedisCommand } from '../connection/redis-connection';
import { deadLetterFields, type DeadLetterSource } from '../codec/dead-letter-codec';
import type { RedisKeys } from '../redis-keys';
import { DEAD_LETTER_SCRIPT } from '../scripts/dead-letter.script';
import type { ScriptCalls } from '../scripts/lua-script';

/** Where the entry of a dead letter lives in Redis, when it was stored. */
export interface StoredSource extends DeadLetterSource {
  readonly redisGroup?: string;
}

/** What the dead-letter stream looked like after a write. */
export type DeadLetterStreamState = (length: number, dropped: number) => void;

/** Builds the atomic "dead-letter and ack" script calls and reads their replies. */
export class DeadLetterWriter {
  constructor(
    private readonly keys: RedisKeys,
    private readonly maxLen: number,
    private readonly onState: DeadLetterStreamState,
  ) {}

  command(calls: ScriptCalls, letter: DeadLetter, source: StoredSource): RedisCommand {
    const stored = source.entryId !== undefined && source.stream !== undefined && source.redisGroup !== undefined;
    return calls.call(
      DEAD_LETTER_SCRIPT,
      [stored ? (source.stream as string) : this.keys.dlq, this.keys.dlq, this.keys.dlqDropped],
      [stored ? (source.redisGroup as string) : '', stored ? (source.entryId as string) : '', String(this.maxLen), ...deadLetterFields(letter, source)],
    );
  }

  /** Reads a reply of the script; true when the dead letter was written. */
  written(reply: unknown): boolean {
    const [written, length, dropped] = reply as [number, number, number];
    this.onState(Number(length), Number(dropped));
    return Number(written) === 1;
  }
}
