// `necro publish --file` checks the whole file before it sends anything: a bad line never leaves
// the file half-published. --dry-run checks without sending.
import { writeFileSync } from 'node:fs';
import { fixture, necro, streamEvents, streamLength } from './helpers';
import { useTestSpace } from './test-space';

const VALIDATED = fixture('validated.organ.js');

describe('necro publish --file', () => {
  const space = useTestSpace();

  const file = (name: string, lines: readonly string[]): string => {
    const path = space.record(name);
    writeFileSync(path, lines.join('\n'));
    return path;
  };
  const stderrLines = (stderr: string): string[] => stderr.trimEnd().split('\n').filter((l) => !/^necro: published \d+ event/.test(l));

  it('publishes nothing when a line is bad, and names every bad line and why', async () => {
    const path = file('orders.jsonl', [
      '{"orderId":"A-1"}', '{"orderId":', '', '[1,2]', '{"orderId":42}', '{"orderId":"A-6"}',
    ]);
    const result = await necro(['publish', 'ORDER_PLACED', '--file', path, '--organs', VALIDATED, ...space.conn]);

    expect(result.code).toBe(1);
    expect(stderrLines(result.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^necro: line 2 of ${path}: Invalid JSON`)),
      `necro: line 4 of ${path}: Invalid payload: expected a JSON object`,
      expect.stringMatching(new RegExp(`^necro: line 5 of ${path}: Payload of ORDER_PLACED does not match OrderPlaced: orderId`)),
      `necro: rejected 3 of 5 event line(s) of ${path}; nothing was published (fix them and publish the file again)`,
    ]);
    expect(result.stdout).toBe('');
    expect(await streamLength(space.stream)).toBe(0);
  });

  it('checks a file without publishing it with --dry-run', async () => {
    const good = file('good.jsonl', ['{"event_type":"ORDER_PLACED","payload":{"orderId":"A-1"}}', '{"event_type":"PING"}']);
    const bad = file('bad.jsonl', ['{"event_type":"ORDER_PLACED","payload":{"orderId":1}}', '{"payload":{}}']);
    const [ok, rejected] = await Promise.all([
      necro(['publish', '--file', good, '--dry-run', '--organs', VALIDATED, ...space.conn]),
      necro(['publish', '--file', bad, '--dry-run', '--organs', VALIDATED, ...space.conn]),
    ]);

    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(`Checked 2 event(s) from ${good}: all valid; nothing published (--dry-run)\n`);
    expect(rejected.code).toBe(1);
    expect(stderrLines(rejected.stderr)).toEqual([
      expect.stringMatching(/^necro: line 1 of .*: Payload of ORDER_PLACED does not match OrderPlaced/),
      expect.stringMatching(/^necro: line 2 of .*: No "event_type"/),
      `necro: rejected 2 of 2 event line(s) of ${bad}; nothing was published (fix them and publish the file again)`,
    ]);
    expect(await streamLength(space.stream)).toBe(0);
  });

  it('checks one event from the command line with --dry-run, with no backend needed', async () => {
    const result = await necro(['publish', 'ORDER_PLACED', '{"orderId":"A-1"}', '--dry-run', '--organs', VALIDATED, '--backend', 'memory']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Checked 1 event (ORDER_PLACED): valid; nothing published (--dry-run)\n');
  });

  it('reads stdin whole, checks it, then publishes every event', async () => {
    const lines = Array.from({ length: 1_200 }, (_, n) => JSON.stringify({ orderId: `A-${n}` }));
    const result = await necro(['publish', 'ORDER_PLACED', '--file', '-', '--organs', VALIDATED, ...space.conn], { stdin: lines.join('\n') });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Published 1200 event(s) from - to ${space.stream}\n`);
    expect((await streamEvents(space.stream)).map((e) => e.payload.orderId)).toEqual(lines.map((_, n) => `A-${n}`));
  });

  it('names the first 20 bad lines and counts the rest', async () => {
    const path = file('many.jsonl', Array.from({ length: 30 }, () => 'not json'));
    const result = await necro(['publish', 'T', '--file', path, ...space.conn]);
    const lines = stderrLines(result.stderr);
    expect(result.code).toBe(1);
    expect(lines).toHaveLength(22);
    expect(lines[19]).toMatch(/^necro: line 20 of /);
    expect(lines[20]).toBe('necro: … and 10 more bad line(s)');
    expect(lines[21]).toBe(`necro: rejected 30 of 30 event line(s) of ${path}; nothing was published (fix them and publish the file again)`);
  });
});
