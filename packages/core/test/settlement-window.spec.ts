// Pipelined settlement: batches that emit nothing settle up to SETTLE_WINDOW at once; a batch that
// emits settles alone, in order; after a failed settlement, one at a time until one succeeds.
import { Event, ListensTo, Organ, Spine, silentLogger, type Settlement } from '../src';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { SETTLE_WINDOW, SettlementWindow } from '../src/spine/settlement-window';

/** A settlement the test resolves by hand. */
function pending(): { promise: Promise<unknown>; resolve: (error?: unknown) => void } {
  let resolve!: (error?: unknown) => void;
  const promise = new Promise<unknown>((r) => { resolve = r; });
  return { promise, resolve: (error) => resolve(error) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SettlementWindow', () => {
  it(`lets ${SETTLE_WINDOW} settlements that emit nothing run at once, and waits for the oldest beyond`, async () => {
    const window = new SettlementWindow(() => false);
    const settlements = Array.from({ length: SETTLE_WINDOW }, pending);
    for (const s of settlements) {
      await expect(window.room(false)).resolves.toBeUndefined();
      window.add(s.promise, false);
    }
    let roomMade = false;
    const room = window.room(false).then(() => { roomMade = true; });
    await tick();
    expect(roomMade).toBe(false);
    settlements[1]!.resolve(); // not the oldest: no room yet
    await tick();
    expect(roomMade).toBe(false);
    settlements[0]!.resolve();
    await room;
    expect(roomMade).toBe(true);
  });

  it('starts a settlement that emits only once every one before it is done, and the next only after it', async () => {
    const window = new SettlementWindow(() => false);
    const first = pending();
    window.add(first.promise, false);
    let emitterStarts = false;
    const emitterRoom = window.room(true).then(() => { emitterStarts = true; });
    await tick();
    expect(emitterStarts).toBe(false);
    first.resolve();
    await emitterRoom;
    const emitter = pending();
    window.add(emitter.promise, true);
    let nextStarts = false;
    const nextRoom = window.room(false).then(() => { nextStarts = true; });
    await tick();
    expect(nextStarts).toBe(false);
    emitter.resolve();
    await nextRoom;
    expect(nextStarts).toBe(true);
  });

  it('settles one at a time while the last settlement failed', async () => {
    let failing = true;
    const window = new SettlementWindow(() => failing);
    const first = pending();
    window.add(first.promise, false);
    let roomMade = false;
    const room = window.room(false).then(() => { roomMade = true; });
    await tick();
    expect(roomMade).toBe(false);
    failing = false;
    first.resolve();
    await room;
    expect(roomMade).toBe(true);
  });

  it('hands back the first error of the settlements it waited for, and drains them oldest first', async () => {
    const window = new SettlementWindow(() => false);
    const [a, b, c] = [pending(), pending(), pending()];
    for (const s of [a, b, c]) window.add(s.promise, false);
    const drained = window.drain();
    c.resolve(new Error('third'));
    b.resolve(new Error('second'));
    a.resolve();
    await expect(drained).resolves.toEqual(new Error('second'));
    expect(window.busy).toBe(false);
  });
});

/** An in-memory backend whose settlements take `delayMs`, counting how many run at once. */
class SlowSettleBackend extends InMemoryBackend {
  running = 0;
  mostAtOnce = 0;
  /** Settlements that acked an event of this type while another settlement ran. */
  overlapped = 0;
  constructor(private readonly delayMs: number, private readonly aloneType?: string) {
    super();
  }
  override async settle(settlement: Settlement): Promise<void> {
    this.running++;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
    const alone = settlement.acks.some((d) => d.kind === 'event' && d.event.eventType === this.aloneType);
    const check = () => { if (alone && this.running > 1) this.overlapped++; };
    check();
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    check();
    this.running--;
    await super.settle(settlement);
  }
}

describe('the Spine settling batches', () => {
  @Organ()
  @ListensTo('TICK')
  class Counts {
    count = 0;
    async handle() {
      this.count++;
    }
  }

  @Organ()
  @ListensTo('TICK')
  class Relays {
    handle(event: Event<{ n: number }>) {
      return new Event('TOCK', { n: event.payload.n });
    }
  }

  @Organ()
  @ListensTo('TOCK')
  class Sink {
    readonly seen: number[] = [];
    handle(event: Event<{ n: number }>) {
      this.seen.push(event.payload.n);
    }
  }

  const ticks = (count: number) => Array.from({ length: count }, (_, n) => new Event('TICK', { n }));

  it(`has up to ${SETTLE_WINDOW} settlements of batches that emit nothing in flight at once, and settles every delivery`, async () => {
    const backend = new SlowSettleBackend(20);
    const counts = new Counts();
    const spine = new Spine({ organs: [counts], backend, logger: silentLogger, batchSize: 10 });
    await spine.run(ticks(100));
    expect(counts.count).toBe(100);
    expect(backend.mostAtOnce).toBe(SETTLE_WINDOW);
    expect(await backend.pull(10, 0)).toEqual([]);
    expect(spine.getStats().eventsProcessed).toBe(100);
  });

  it('settles batches that emit events one at a time, so what they emit is stored in batch order', async () => {
    const backend = new SlowSettleBackend(5, 'TICK');
    const sink = new Sink();
    const spine = new Spine({ organs: [new Relays(), sink], backend, logger: silentLogger, batchSize: 10 });
    await spine.run(ticks(50));
    expect(backend.overlapped).toBe(0); // a batch whose TICKs emitted a TOCK each never settled beside another
    expect(sink.seen).toEqual(Array.from({ length: 50 }, (_, n) => n));
  });
});
