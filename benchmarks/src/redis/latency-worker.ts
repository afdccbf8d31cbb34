// A worker process for the latency scenario: runs a Spine on the given stream and reports, over
// IPC, the delay from each event's send time (in its payload) to its handler.
import { Event, ListensTo, Organ, Spine, createLogger } from '@necrostack/core';
import { RedisBackend } from '@necrostack/backend-redis';
import { REDIS_URL } from './redis-info';

const [streamKey, expected] = [process.argv[2] as string, Number(process.argv[3])];
const delays: number[] = [];

@Organ({ name: 'LatencyProbe' })
@ListensTo('TICK')
class LatencyProbe {
  handle(event: Event): void {
    delays.push(performance.timeOrigin + performance.now() - (event.payload.sentAt as number));
    if (delays.length === expected) process.send?.({ delays });
  }
}

const logger = createLogger({ stream: 'stderr', level: 'warn' });
const backend = new RedisBackend({ url: REDIS_URL, streamKey, logger });
const spine = new Spine({ organs: [new LatencyProbe()], backend, logger, pollIntervalMs: 1000 });
process.on('message', () => {
  void spine.stop().then(() => backend.close()).then(() => process.exit(0));
});
void spine.runForever();
process.send?.({ ready: true });
