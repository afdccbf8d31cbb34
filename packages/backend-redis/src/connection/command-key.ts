import type { RedisCommand } from './redis-connection';

/**
 * The key a Redis Cluster routes `command` by: the first key it names (every key of one backend
 * command shares the streamKey's hash tag, so the first one decides the slot). Undefined for a
 * command without keys (PING), which any node answers.
 *
 * @example
 * ```ts
 * commandKey(['XACK', '{shop}:events', 'necrostack:Ship', '1-0']); // '{shop}:events'
 * commandKey(['EVALSHA', sha1, '2', '{shop}:events', '{shop}:events:dlq']); // '{shop}:events'
 * ```
 */
export function commandKey(command: RedisCommand): string | undefined {
  const name = command[0]?.toUpperCase();
  switch (name) {
    case 'EVAL':
    case 'EVALSHA':
      return Number(command[2]) > 0 ? command[3] : undefined;
    case 'XREAD':
    case 'XREADGROUP': {
      const at = command.findIndex((arg, i) => i > 0 && arg.toUpperCase() === 'STREAMS');
      return at < 0 ? undefined : command[at + 1];
    }
    case 'XINFO':
    case 'XGROUP':
      return command[2];
    case 'PING':
    case 'INFO':
      return undefined;
    default:
      return command[1];
  }
}

/**
 * What Redis Cluster hashes to find the slot of `key`: the text between the first `{` and the
 * next `}` when it is not empty (the hash tag), else the whole key. Keys with the same hash text
 * are in one slot, so one multi-key command or script may use them together.
 *
 * @example
 * ```ts
 * hashText('{orders}:events'); // 'orders'
 * hashText('necrostack:events'); // 'necrostack:events'
 * ```
 */
export function hashText(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}
