// Fails the whole run at once, with the fix, when the Redis or the PostgreSQL the integration tests use is down.
const net = require('node:net');
const { Client } = require('pg');

async function checkPostgres() {
  const url = process.env.POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const where = new URL(url).host;
    throw new Error(`PostgreSQL at ${where} did not answer (${error.message}). Start it with: ` +
      'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start');
  } finally {
    await client.end().catch(() => undefined);
  }
}

module.exports = async function globalSetup() {
  await checkPostgres();
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const reply = await new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) });
    socket.setTimeout(3000, () => { socket.destroy(); resolve('timeout'); });
    socket.on('error', (err) => resolve(err.message));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => { socket.end(); resolve(String(data).trim()); });
  });
  if (reply !== '+PONG') {
    throw new Error(`Redis at ${url.host} did not answer PING (${reply}). Start it with: ` +
      'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no');
  }
};
