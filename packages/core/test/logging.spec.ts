// Logging: the winston JSON logger, secret masking, and what the Spine logs.
import { Event, HandlerFailureMode, ListensTo, Organ, Spine, createLogger, maskSecrets, silentLogger } from '../src';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { recordingLogger, runInChildProcess, waitFor } from './helpers';

type Chunk = string | Uint8Array;
type Callback = (error?: Error | null) => void;
type ConsoleStreams = { _stdout?: unknown; _stderr?: unknown };

/**
 * Captures what the winston Console transport writes. It writes to `console._stdout` /
 * `console._stderr`, which Node maps to process.stdout / process.stderr (jest's console does not,
 * and differs between in-band and worker runs), so the test swaps in its own streams there.
 */
function captureOutput() {
  const out: string[] = [];
  const err: string[] = [];
  const fake = (into: string[]) => ({
    write(chunk: Chunk, encodingOrCallback?: BufferEncoding | Callback, callback?: Callback): boolean {
      if (String(chunk).length > 0) into.push(String(chunk));
      const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
      done?.();
      return true;
    },
  });
  const target = console as unknown as ConsoleStreams;
  const saved = { _stdout: Object.getOwnPropertyDescriptor(target, '_stdout'), _stderr: Object.getOwnPropertyDescriptor(target, '_stderr') };
  Object.defineProperty(target, '_stdout', { value: fake(out), writable: true, configurable: true });
  Object.defineProperty(target, '_stderr', { value: fake(err), writable: true, configurable: true });
  const parse = (chunks: string[]) => chunks.join('').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    stdout: () => parse(out),
    stderr: () => parse(err),
    restore: () => {
      for (const key of ['_stdout', '_stderr'] as const) {
        const descriptor = saved[key];
        if (descriptor) Object.defineProperty(target, key, descriptor);
        else delete target[key];
      }
    },
  };
}

let output: ReturnType<typeof captureOutput>;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

async function linesWith(message: string, count = 1, stream: 'stdout' | 'stderr' = 'stdout') {
  await waitFor(() => output[stream]().filter((l) => l.message === message).length >= count, `${count} "${message}" line(s)`);
  return output[stream]().filter((l) => l.message === message);
}

describe('createLogger()', () => {
  it('writes one JSON object per line with level, message, timestamp and the fields', async () => {
    const logger = createLogger({ level: 'info' });
    logger.info('Organ started', { organ: 'Billing', event_id: 'e-1', event_type: 'ORDER_PLACED', count: 3 });
    const [line] = await linesWith('Organ started');
    expect(line).toMatchObject({ level: 'info', organ: 'Billing', event_id: 'e-1', event_type: 'ORDER_PLACED', count: 3 });
    expect(new Date(line?.timestamp as string).getTime()).not.toBeNaN();
  });

  it('writes an error with its message, name and stack', async () => {
    const logger = createLogger({ level: 'info' });
    const error = new TypeError('bad thing');
    logger.error('Handler failed', { organ: 'Billing', error });
    const [line] = await linesWith('Handler failed');
    expect(line).toMatchObject({ level: 'error', organ: 'Billing', error: 'bad thing', error_name: 'TypeError' });
    expect(line?.stack).toContain('TypeError: bad thing');
    expect(line?.stack).toContain('logging.spec.ts');
  });

  it('masks passwords in URLs, in fields, error messages and stacks', async () => {
    const logger = createLogger({ level: 'info' });
    logger.warn('Connecting', { url: 'redis://app:s3cret@cache:6379/0', error: new Error('failed: rediss://:t0ken@cache:6380') });
    const [line] = await linesWith('Connecting');
    const text = JSON.stringify(line);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('t0ken');
    expect(line?.url).toBe('redis://app:****@cache:6379/0');
    expect(line?.error).toBe('failed: rediss://:****@cache:6380');
  });

  it('adds defaultFields and child fields to every line', async () => {
    const logger = createLogger({ level: 'info', defaultFields: { service: 'billing' } }).child({ component: 'spine' });
    logger.info('Hello', { organ: 'X' });
    const [line] = await linesWith('Hello');
    expect(line).toMatchObject({ service: 'billing', component: 'spine', organ: 'X' });
  });

  it('writes nothing below its level, and says whether debug is on', async () => {
    const info = createLogger({ level: 'info' });
    expect(info.isDebugEnabled()).toBe(false);
    info.debug('Hidden debug', { organ: 'X' });
    info.info('Marker');
    await linesWith('Marker');
    expect(output.stdout().map((l) => l.message)).not.toContain('Hidden debug');

    const debug = createLogger({ level: 'debug' });
    expect(debug.isDebugEnabled()).toBe(true);
    debug.debug('Shown debug');
    expect((await linesWith('Shown debug'))[0]?.level).toBe('debug');

    const warn = createLogger({ level: 'warn' });
    warn.info('Hidden info');
    warn.warn('Marker 2');
    await linesWith('Marker 2');
    expect(output.stdout().map((l) => l.message)).not.toContain('Hidden info');
  });

  it('takes its level from NECRO_LOG_LEVEL when none is given', () => {
    const previous = process.env.NECRO_LOG_LEVEL;
    try {
      process.env.NECRO_LOG_LEVEL = 'DEBUG';
      expect(createLogger().isDebugEnabled()).toBe(true);
      process.env.NECRO_LOG_LEVEL = 'info';
      expect(createLogger().isDebugEnabled()).toBe(false);
      process.env.NECRO_LOG_LEVEL = 'nonsense';
      expect(createLogger().isDebugEnabled()).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.NECRO_LOG_LEVEL;
      else process.env.NECRO_LOG_LEVEL = previous;
    }
  });

  it("writes to stderr with stream: 'stderr', keeping stdout for the program", () => {
    // In a real process: jest's console sends console._stderr to stdout.
    const { stdout, stderr } = runInChildProcess(`
      const { createLogger } = require(SRC + '/logging/winston-logger.ts');
      createLogger({ level: 'info', stream: 'stderr' }).error('To stderr', { organ: 'X' });
      createLogger({ level: 'info' }).info('To stdout');
    `);
    expect(stderr.trim().split('\n').map((l) => JSON.parse(l) as object)).toEqual([
      expect.objectContaining({ message: 'To stderr', level: 'error', organ: 'X' }),
    ]);
    expect(stdout.trim().split('\n').map((l) => JSON.parse(l) as object)).toEqual([expect.objectContaining({ message: 'To stdout' })]);
  });

  describe('flush()', () => {
    function stdio(acknowledge: boolean) {
      const callbacks: string[] = [];
      const fake = (name: string) => (_chunk: Chunk, encodingOrCallback?: BufferEncoding | Callback, callback?: Callback) => {
        const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
        if (acknowledge && done) {
          callbacks.push(name);
          setImmediate(done);
        }
        return true;
      };
      const spies = [
        jest.spyOn(process.stdout, 'write').mockImplementation(fake('stdout') as typeof process.stdout.write),
        jest.spyOn(process.stderr, 'write').mockImplementation(fake('stderr') as typeof process.stderr.write),
      ];
      return { callbacks, restore: () => spies.forEach((spy) => spy.mockRestore()) };
    }

    it('resolves once stdout and stderr have taken what was written', async () => {
      const io = stdio(true);
      try {
        await createLogger({ level: 'info' }).flush?.();
        expect(io.callbacks.sort()).toEqual(['stderr', 'stdout']);
      } finally {
        io.restore();
      }
    });

    it('still resolves when a stream never calls back, so stop() cannot hang', async () => {
      const io = stdio(false);
      try {
        @Organ()
        @ListensTo('OK')
        class Quiet {
          handle() {}
        }
        const backend = new InMemoryBackend();
        const spine = new Spine({ organs: [new Quiet()], backend, logger: createLogger({ level: 'error' }) });
        const worker = spine.runForever();
        const started = Date.now();
        await spine.stop();
        await worker;
        expect(Date.now() - started).toBeLessThan(5_000);
        await backend.close();
      } finally {
        io.restore();
      }
    });
  });
});

describe('maskSecrets()', () => {
  it.each([
    ['redis://user:pw@host:6379', 'redis://user:****@host:6379'],
    ['rediss://:pw@host:6380/0', 'rediss://:****@host:6380/0'],
    ['amqp://guest:guest@rabbit/vhost', 'amqp://guest:****@rabbit/vhost'],
    ['two: redis://a:one@h1 and redis://b:two@h2', 'two: redis://a:****@h1 and redis://b:****@h2'],
    ['REDIS://U:P@H', 'REDIS://U:****@H'],
    ['redis://host:6379', 'redis://host:6379'],
    ['redis://user@host', 'redis://user@host'],
    ['mail me at a@b.c', 'mail me at a@b.c'],
    ['no secrets here', 'no secrets here'],
  ])('%s → %s', (input, expected) => {
    expect(maskSecrets(input)).toBe(expected);
  });
});

describe('what the Spine logs', () => {
  @Organ()
  @ListensTo('FAIL')
  class Fails {
    handle() {
      throw new Error('cannot reach redis://svc:pa55@db:6379');
    }
  }

  @Organ()
  @ListensTo('OK')
  class Fine {
    handle() {}
  }

  it('logs a failed handler as JSON with event_id, event_type, organ, error and stack', async () => {
    const spine = new Spine({ organs: [new Fails()], backend: new InMemoryBackend(), logger: createLogger({ level: 'info' }), retryAttempts: 1 });
    const event = new Event('FAIL');
    await spine.run(event);
    const [line] = await linesWith('Handler failed');
    expect(line).toMatchObject({ level: 'error', component: 'spine', organ: 'Fails', event_id: event.id, event_type: 'FAIL', error_name: 'Error' });
    expect(line?.error).toBe('cannot reach redis://svc:****@db:6379');
    expect(line?.stack).toContain('Error: cannot reach');
    expect(JSON.stringify(output.stdout())).not.toContain('pa55');
  });

  it('writes nothing per event at info level on the happy path', async () => {
    const spine = new Spine({ organs: [new Fine()], backend: new InMemoryBackend(), logger: createLogger({ level: 'info' }) });
    await spine.run(Array.from({ length: 50 }, () => new Event('OK')));
    await linesWith('Spine stopped');
    expect(output.stdout().length).toBeLessThanOrEqual(4);
  });

  it('does not build debug lines when debug is disabled', async () => {
    const logger = recordingLogger({ debug: false });
    const debug = jest.spyOn(logger, 'debug');
    await new Spine({ organs: [new Fine()], backend: new InMemoryBackend(), logger }).run([new Event('OK'), new Event('OK')]);
    expect(debug).not.toHaveBeenCalled();
    expect(logger.lines.filter((l) => l.level === 'debug')).toEqual([]);
  });

  it('logs each delivery at debug level when debug is enabled', async () => {
    const logger = recordingLogger({ debug: true });
    const event = new Event('OK', {}, { correlationId: 'corr-1' });
    await new Spine({ organs: [new Fine()], backend: new InMemoryBackend(), logger }).run(event);
    const debug = logger.lines.filter((l) => l.level === 'debug');
    expect(debug).toEqual([
      expect.objectContaining({ message: 'Delivering event', fields: expect.objectContaining({ organ: 'Fine', event_id: event.id, event_type: 'OK', correlation_id: 'corr-1' }) }),
    ]);
  });

  it('logs nothing through silentLogger', async () => {
    await new Spine({ organs: [new Fails()], backend: new InMemoryBackend(), logger: silentLogger, retryAttempts: 1, handlerFailureMode: HandlerFailureMode.LOG }).run(new Event('FAIL'));
    expect(output.stdout()).toEqual([]);
  });
});
