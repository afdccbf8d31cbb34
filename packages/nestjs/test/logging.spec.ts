// NecroStack's logs go through Nest's logger by default, with their structured fields.
import { Event, ListensTo, Organ, Spine, createLogger, type HandlerContext } from '@necrostack/core';
import { InMemoryBackend } from '@necrostack/backend-memory';
import type { LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NecroStackModule, NestLoggerAdapter } from '../src';

/** A Nest LoggerService that keeps every call: what `app.useLogger()` would be given. */
class CapturingLogger implements LoggerService {
  readonly calls: { level: string; args: unknown[] }[] = [];
  log(...args: unknown[]) { this.calls.push({ level: 'log', args }); }
  error(...args: unknown[]) { this.calls.push({ level: 'error', args }); }
  warn(...args: unknown[]) { this.calls.push({ level: 'warn', args }); }
  debug(...args: unknown[]) { this.calls.push({ level: 'debug', args }); }
  verbose(...args: unknown[]) { this.calls.push({ level: 'verbose', args }); }
  /** The calls whose message is `message`. */
  of(message: string) {
    return this.calls.filter((c) => c.args[0] === message);
  }
}

@Organ()
@ListensTo('PING')
class Quiet {
  handle() {}
}

describe('the default logger of NecroStackModule', () => {
  it('writes through the application\'s Nest logger, fields as params, context NecroStack', async () => {
    const capture = new CapturingLogger();
    const moduleRef = await Test.createTestingModule({
      imports: [NecroStackModule.forRoot({ backend: new InMemoryBackend() })],
      providers: [Quiet],
    }).compile();
    moduleRef.useLogger(capture);
    await moduleRef.init();
    await moduleRef.close();

    const [started] = capture.of('Spine started');
    expect(started).toEqual({ level: 'log', args: ['Spine started', { component: 'spine', mode: 'forever', subscriptions: ['Quiet'] }, 'NecroStack'] });
    expect(capture.of('Spine stopped')[0]?.args[1]).toMatchObject({ component: 'spine', eventsProcessed: 0 });
  });

  it('is replaced by the spine.logger option (winston JSON with createLogger())', async () => {
    const capture = new CapturingLogger();
    const moduleRef = await Test.createTestingModule({
      imports: [NecroStackModule.forRoot({ backend: new InMemoryBackend(), spine: { logger: createLogger({ level: 'error' }) } })],
      providers: [Quiet],
    }).compile();
    moduleRef.useLogger(capture);
    await moduleRef.init();
    await moduleRef.close();
    expect(capture.of('Spine started')).toEqual([]);
  });
});

describe('NestLoggerAdapter', () => {
  it('flattens an error field, masks passwords, and passes the stack as Nest\'s stack', () => {
    const capture = new CapturingLogger();
    const error = new Error('connect failed: redis://app:s3cret@cache:6379');
    new NestLoggerAdapter({ logger: capture }).child({ component: 'redis' }).error('Backend pull failed', { error, retry_in_ms: 100 });

    const [line] = capture.calls;
    expect(line?.args.slice(0, 2)).toEqual(['Backend pull failed', {
      component: 'redis', error: 'connect failed: redis://app:****@cache:6379', error_name: 'Error', retry_in_ms: 100,
    }]);
    expect(line?.args[2]).toEqual(expect.stringContaining('redis://app:****@cache:6379'));
    expect(JSON.stringify(capture.calls)).not.toContain('s3cret');
  });

  it('keeps debug lines off unless its level is debug', () => {
    const capture = new CapturingLogger();
    const atInfo = new NestLoggerAdapter({ logger: capture });
    atInfo.debug('Delivering event', { organ: 'Quiet' });
    expect(atInfo.isDebugEnabled()).toBe(false);
    const atDebug = new NestLoggerAdapter({ logger: capture, level: 'debug' });
    atDebug.debug('Delivering event', { organ: 'Quiet' });
    expect(capture.calls).toEqual([{ level: 'debug', args: ['Delivering event', { organ: 'Quiet' }] }]);
  });

  it('drops lines below its level', () => {
    const capture = new CapturingLogger();
    const atWarn = new NestLoggerAdapter({ logger: capture, level: 'warn' });
    atWarn.info('Spine started');
    atWarn.warn('Could not hand back deliveries pulled during stop');
    expect(capture.calls.map((c) => c.level)).toEqual(['warn']);
  });
});

describe('a handler\'s context.logger', () => {
  @Organ()
  @ListensTo('PING')
  class Talker {
    handle(_event: Event, context: HandlerContext) {
      context.logger.info('Pinged', { extra: 1 });
    }
  }

  it('writes through Nest\'s logger with the organ in its fields', async () => {
    const capture = new CapturingLogger();
    const moduleRef = await Test.createTestingModule({
      imports: [NecroStackModule.forRoot({ backend: new InMemoryBackend(), autoStart: false, spine: { logger: new NestLoggerAdapter({ logger: capture }) } })],
      providers: [Talker],
    }).compile();
    await moduleRef.init();
    await moduleRef.get(Spine).run(new Event('PING'));
    await moduleRef.close();
    expect(capture.of('Pinged')).toEqual([{ level: 'log', args: ['Pinged', expect.objectContaining({ organ: 'Talker', extra: 1 })] }]);
  });
});
