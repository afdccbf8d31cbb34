import { TOKEN } from './dashboard-helpers';
import { errorLine, freePort, necro, startNecro } from './helpers';
import { useTestSpace } from './test-space';

describe('necro dashboard (the command)', () => {
  const space = useTestSpace();

  it('serves until SIGTERM, and says where and which actions the page offers', async () => {
    const port = await freePort();
    const dashboard = startNecro(['dashboard', '--port', String(port), ...space.conn], { env: { NECRO_DASHBOARD_TOKEN: TOKEN } });
    await dashboard.waitForOutput(/Dashboard on/);
    expect(dashboard.stdout).toContain(`Dashboard on http://127.0.0.1:${port}/ for `);
    expect(dashboard.stdout).toContain('actions: replay and purge, with the token');
    expect((await fetch(`http://127.0.0.1:${port}/api/config`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    for (const [path, type] of [['/', 'text/html'], ['/assets/dashboard.js', 'text/javascript'], ['/assets/dashboard.css', 'text/css']]) {
      const asset = await fetch(`http://127.0.0.1:${port}${path}`); // from the package's dashboard/ folder, beside dist/
      expect({ path, status: asset.status, type: asset.headers.get('content-type') }).toEqual({ path, status: 200, type: `${type}; charset=utf-8` });
    }
    const result = await dashboard.stop('SIGTERM');
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 0, stdout: expect.stringContaining('Dashboard stopped') });
  });

  it('refuses to start on a non-loopback host without a token (exit 2), with the fix', async () => {
    const result = await necro(['dashboard', '--host', '0.0.0.0', ...space.conn]);
    expect(result.code).toBe(2);
    expect(errorLine(result)).toBe('necro: Refusing to serve the dashboard on 0.0.0.0 without a token: anyone who can reach it could read and replay dead letters'
      + ' (pass --token (or set NECRO_DASHBOARD_TOKEN), or keep the default --host 127.0.0.1)');
  });

  it('names an unreachable Redis with the password masked', async () => {
    const port = await freePort();
    const result = await necro(['dashboard', '--backend', `redis://app:hunter2-secret@127.0.0.1:${port}`, '--timeout', '500', '--stream', space.stream]);
    expect(result.code).toBe(1);
    expect(errorLine(result)).toContain(`necro: Cannot connect to Redis at redis://app:****@127.0.0.1:${port}`);
    expect(result.stderr).not.toContain('hunter2');
  });
});
