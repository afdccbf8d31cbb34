import type { DeadLetter } from '@necrostack/core';
import type { RedisCommand } from '../connection/redis-connection';
import { deadLetterFields, type DeadLetterSource } from '../codec/dead-letter-codec';
import type { RedisKeys } from '../redis-keys';
import { DEAD_LETTER_SCRIPT } from '../scripts/dead-letter.script';
import type { ScriptCalls } from '../scripts/lua-script';

/** Where a stored entry lives in Redis: what a dead letter's entry names, and what its write acks. */
export interface StoredSource extends DeadLetterSource {
  readonly entryId: string;
  readonly stream: string;
  readonly group: string;
  readonly redisGroup: string;
}

/** A dead letter, with where its event was stored (nothing for an event that was never stored). */
export interface LetterToWrite {
  readonly letter: DeadLetter;
  readonly from: DeadLetterSource;
}

/** What the dead-letter stream looked like after a write. */
export type DeadLetterStreamState = (length: number, dropped: number) => void;

/** Builds the atomic "dead-letter, then ack" script calls and reads their replies. */
export class DeadLetterWriter {
  constructor(
    private readonly keys: RedisKeys,
    private readonly maxLen: number,
    private readonly onState: DeadLetterStreamState,
  ) {}

  /** One script call writing `letters`, then acking `ack` (the delivery they settle), if any. */
  command(calls: ScriptCalls, letters: readonly LetterToWrite[], ack: StoredSource | undefined): RedisCommand {
    const values: string[] = [];
    for (const { letter, from } of letters) {
      const fields = deadLetterFields(letter, from);
      values.push(String(fields.length), ...fields);
    }
    return calls.call(
      DEAD_LETTER_SCRIPT,
      [ack ? ack.stream : this.keys.dlq, this.keys.dlq, this.keys.dlqDropped],
      [ack ? ack.redisGroup : '', ack ? ack.entryId : '', String(this.maxLen), String(letters.length), ...values],
    );
  }

  /** Reads a reply of the script: how many dead letters it wrote. */
  written(reply: unknown): number {
    const [written, length, dropped] = reply as [number, number, number];
    this.onState(Number(length), Number(dropped));
    return Number(written);
  }
}
