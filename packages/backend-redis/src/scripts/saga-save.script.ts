import { defineScript } from './lua-script';

/**
 * saga-save — writes a saga instance if its stored version is the one the caller read
 * (optimistic concurrency), atomically.
 *
 * KEYS[1]  the instance's hash (fields `version`, `data`)
 * ARGV[1]  the version the caller read ('0': none stored)
 * ARGV[2]  the new document (JSON)
 * ARGV[3]  time to live in ms, or '' to keep it
 *
 * Returns 1 when written (as version ARGV[1] + 1), 0 when another write came first.
 */
export const SAGA_SAVE_SCRIPT = defineScript('saga-save', `
local current = redis.call('HGET', KEYS[1], 'version') or '0'
if current ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'version', tostring(tonumber(current) + 1), 'data', ARGV[2])
if ARGV[3] == '' then
  redis.call('PERSIST', KEYS[1])
else
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 1
`);
