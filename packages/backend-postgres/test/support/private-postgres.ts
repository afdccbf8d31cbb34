import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../backend-redis/test/support/free-port';

const run = promisify(execFile);
/** The server binaries of the installed PostgreSQL (Debian layout; the version .ci/run starts), or PG_BIN. */
const BIN = process.env.PG_BIN ?? `/usr/lib/postgresql/${readdirSync('/etc/postgresql')[0] ?? '15'}/bin`;

/**
 * A PostgreSQL server of a test's own (a fresh cluster in a temporary directory, on a free
 * 127.0.0.1 port, trust auth for `root`), which the test may restart without touching the server
 * every other test uses. initdb refuses to run as root: the cluster belongs to the `postgres` user.
 */
export class PrivatePostgres {
  private constructor(private readonly dir: string, readonly port: number) {}

  get url(): string {
    return `postgres://root@127.0.0.1:${this.port}/postgres`;
  }

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'necro-pg-'));
    chownSync(dir, Number((await run('id', ['-u', 'postgres'])).stdout.trim()), Number((await run('id', ['-g', 'postgres'])).stdout.trim()));
    const server = new PrivatePostgres(dir, await freePort());
    await server.asPostgres(`${BIN}/initdb -D ${dir}/data -A trust -U root --no-sync -E UTF8`);
    await server.pgCtl('start');
    return server;
  }

  /** `pg_ctl restart -m fast`: every connection is cut, the server is back when it resolves. */
  restart(): Promise<void> {
    return this.pgCtl('restart');
  }

  async destroy(): Promise<void> {
    await this.asPostgres(`${BIN}/pg_ctl -D ${this.dir}/data -m immediate -w stop`).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private pgCtl(action: 'start' | 'restart'): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    return this.asPostgres(`${BIN}/pg_ctl -D ${this.dir}/data -m fast -w -l ${this.dir}/log -o '${options}' ${action}`);
  }

  private async asPostgres(command: string): Promise<void> {
    await run('su', ['postgres', '-s', '/bin/sh', '-c', command], { timeout: 60_000 });
  }
}
