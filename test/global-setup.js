// Fails the whole run at once, with the fix, when the Redis the integration tests use is down.
const net = require('node:net');

module.exports = async function globalSetup() {
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
