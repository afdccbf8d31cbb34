import { defineScript } from './lua-script';

/**
 * maintain — the retention policy of one stream: trims the entries every group has acknowledged
 * (XTRIM MINID ~ below the oldest entry some group still needs) and deletes the consumers that
 * have been idle longer than the threshold and own no pending entry.
 *
 * A group still needs its oldest pending entry and everything after its last-delivered-id; a
 * stream with no group is not trimmed (a group created later starts at its beginning).
 *
 * KEYS[1]  the stream
 * ARGV[1]  consumer idle threshold in ms
 *
 * Returns { entries trimmed, consumers deleted }.
 */
export const MAINTAIN_SCRIPT = defineScript('maintain', `
local function fields(list)
  local t = {}
  for i = 1, #list, 2 do t[list[i]] = list[i + 1] end
  return t
end
local function older(a, b)
  local ams, aseq = string.match(a, '^(%d+)-(%d+)$')
  local bms, bseq = string.match(b, '^(%d+)-(%d+)$')
  if #ams ~= #bms then return #ams < #bms end
  if ams ~= bms then return ams < bms end
  if #aseq ~= #bseq then return #aseq < #bseq end
  return aseq < bseq
end
if redis.call('EXISTS', KEYS[1]) == 0 then return { 0, 0 } end
local floor = nil
local reaped = 0
for _, raw in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local group = fields(raw)
  local needed = group['last-delivered-id']
  if group['pending'] > 0 then needed = redis.call('XPENDING', KEYS[1], group['name'])[2] end
  if floor == nil or older(needed, floor) then floor = needed end
  for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], group['name'])) do
    local consumer = fields(c)
    if consumer['pending'] == 0 and consumer['idle'] >= tonumber(ARGV[1]) then
      redis.call('XGROUP', 'DELCONSUMER', KEYS[1], group['name'], consumer['name'])
      reaped = reaped + 1
    end
  end
end
if floor == nil then return { 0, reaped } end
return { redis.call('XTRIM', KEYS[1], 'MINID', '~', floor), reaped }
`);
