/**
 * The rules by which the original Python NecroStack reads a stream entry (its pydantic Event model
 * with `extra="forbid"`): the `event` field is a JSON object with exactly `id`, `timestamp`,
 * `event_type` and `payload`; `id` a UUID of version 4 (any case: it lowercases it); `event_type` a
 * string that is not empty once trimmed; `payload` a JSON object of at most 1,000,000 bytes; a
 * timestamp pydantic reads as a datetime. It reads no other field of the entry.
 *
 * Returns why the original would reject the entry, or undefined when it would accept it.
 */
export function originalRejects(fields: Readonly<Record<string, string>>): string | undefined {
  const text = fields.event;
  if (text === undefined) return 'no "event" field';
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return '"event" is not JSON';
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return '"event" is not a JSON object';
  const keys = Object.keys(data).sort();
  if (keys.join() !== 'event_type,id,payload,timestamp') return `"event" has the keys ${keys.join(', ')} (extra inputs are not permitted)`;
  const { id, timestamp, event_type: type, payload } = data as Record<string, unknown>;
  if (typeof id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(id)) return `id ${String(id)} is not a UUID v4`;
  if (typeof type !== 'string' || type.trim() === '') return 'event_type is empty';
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return 'payload is not an object';
  if (Buffer.byteLength(JSON.stringify(payload)) > 1_000_000) return 'payload is over 1,000,000 bytes';
  if (typeof timestamp !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?$/.test(timestamp)) return `timestamp ${String(timestamp)} is not a datetime`;
  return undefined;
}
