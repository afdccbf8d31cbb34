'use strict';
// The harness's own connection to the private Redis: publishing, CLIENT KILL, XINFO, counting.
// Named `chaos-harness`, so a connection-kill fault never cuts it.
const { createClient } = require('redis');

/** @typedef {import('redis').RedisClientType<{}, {}, {}, 2>} AdminClient  RESP2: raw replies, parsed by the harness */

/** @param {string} url @returns {AdminClient} */
function createAdminClient(url) {
  const client = createClient({ url, name: 'chaos-harness', RESP: 2 });
  client.on('error', () => undefined); // it reconnects by itself across Redis restarts
  return client;
}

module.exports = { createAdminClient };
