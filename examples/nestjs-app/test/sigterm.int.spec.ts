// SIGTERM to the example's process on Redis: Nest's shutdown hooks stop the Spine gracefully and the
// process exits; nothing is lost: another instance finishes what was unfinished.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createClient } from 'redis';
import { deleteKeys } from '@necrostack/example-support';
import { waitFor } from '@necrostack/testkit';
import { startApp, type RunningApp } from '../src/bootstrap';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROOT = join(__dirname, '..', '..', '..');
const REGISTER = join(ROOT, 'packages', 'backend-redis', 'test', 'fixtures', 'register.js');
const MAIN = join(ROOT, 'examples', 'nestjs-app', 'src', 'main.ts');
const ORDERS = 200;
const ORDER = { customerEmail: 'ada@example.com', sku: 'WIDGET-1', quantity: 1, unitPriceCents: 500 };

/** The example as `npm start` runs it, from its TypeScript sources, on a free port. */
class AppProcess {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(streamKey: string) {
    this.child = spawn(process.execPath, ['-r', REGISTER, MAIN, '--port', '0', '--backend', REDIS_URL, '--stream-key', streamKey], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => { this.output += chunk.toString(); });
    this.child.stderr?.on('data', (chunk: Buffer) => { this.output += chunk.toString(); });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  async url(): Promise<string> {
    await waitFor(() => /Listening on http:\/\/127\.0\.0\.1:\d+/.test(this.output) || this.child.exitCode !== null, 'the app to listen', 30_000);
    const url = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(this.output)?.[1];
    if (url === undefined) throw new Error(`the app exited early:\n${this.output}`);
    return url;
  }
}

describe('SIGTERM to the NestJS example on Redis', () => {
  const streamKey = `necrostack-test:${randomUUID()}`;
  const redis = createClient({ url: REDIS_URL });
  let first: AppProcess | undefined;
  let successor: RunningApp | undefined;
  beforeAll(() => redis.connect());
  afterAll(async () => {
    if (first && first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
    await successor?.app.close();
    await redis.close();
    await deleteKeys(REDIS_URL, streamKey);
  });

  it('stops gracefully, exits, and loses no order', async () => {
    first = new AppProcess(streamKey);
    const url = await first.url();
    const ids: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const response = await fetch(`${url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ORDER) });
      expect(response.status).toBe(202);
      ids.push(((await response.json()) as { orderId: string }).orderId);
    }

    first.child.kill('SIGTERM');
    const { code, signal } = await first.exited;

    // Nest runs the shutdown hooks, then re-raises the signal.
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(first.output).toContain('Spine stopped');
    // What the first instance paid is in the stream now (a later instance's retention may trim it).
    const paidByFirst = await paidInStream();
    // Another instance on the same stream takes whatever the first handed back unfinished, if anything.
    successor = await startApp({ port: 0, logger: false, backend: REDIS_URL, streamKey });
    const successorUrl = successor.url;
    const paid = async (): Promise<Set<string>> => {
      const response = await fetch(`${successorUrl}/payments`);
      const payments = (await response.json()) as { orderId: string }[];
      return new Set([...paidByFirst, ...payments.map((p) => p.orderId)]);
    };
    await waitFor(async () => (await paid()).size === ORDERS, 'a payment for every order', 20_000);
    expect([...(await paid())].sort()).toEqual([...ids].sort());

    async function paidInStream(): Promise<Set<string>> {
      const entries = (await redis.xRange(streamKey, '-', '+')) ?? [];
      return new Set(entries.flatMap(({ message }) => {
        const event = JSON.parse(message.event as string) as { event_type: string; payload: { orderId?: string } };
        return event.event_type === 'PAYMENT_CAPTURED' && event.payload.orderId ? [event.payload.orderId] : [];
      }));
    }
  });
});
