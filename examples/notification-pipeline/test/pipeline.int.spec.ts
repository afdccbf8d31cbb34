import { silentLogger } from '@necrostack/core';
import { join } from 'node:path';
import { CHANNELS } from '../src/events';
import { DATA_DIR, runPipeline, type PipelineOptions } from '../src/pipeline';
import type { PipelineSummary } from '../src/summary/summary';

const FAST: PipelineOptions = { logger: silentLogger, latencyMs: 0, retryBaseDelayMs: 1 };
const JSON_FILE = join(DATA_DIR, 'sample_notifications.json');
const CSV_FILE = join(DATA_DIR, 'sample_notifications.csv');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A summary without what depends on the run's timing (or on the input file's name). */
const comparable = ({ file: _file, durationMs: _d, eventsPerSecond: _e, ...rest }: PipelineSummary) => rest;

/* Expected outcome of the 10 sample records, read off data/sample_notifications.json and data/directory.json:
 *  #1 user_001 email+sms+push  all sent (push fails once at the provider, sent on the retry)
 *  #2 user_002 email           sent
 *  #3 user_003 sms+push        push sent; sms provider down (5 failures) -> 3 tries -> dead letter (Sms)
 *  #4 user_001 push            sent on the retry (same push fault as #1)
 *  #5 user_002 email+push      email sent; push failed by Router: no device on file
 *  #6 user_004 email+sms       both failed by their organs: 'edsger@example', '555-0199'
 *  #7 user_id ''               dead letter (Validate): user_id
 *  #8 channel 'fax'            dead letter (Validate): channels
 *  #9 message '', 'urgent'     dead letter (Validate): message, priority
 *  #10 user_009 push           failed by Router: unknown user
 */
const EXPECTED_COUNTS = {
  NOTIFICATION_REQUESTED: 10,
  NOTIFICATION_VALIDATED: 7, // 10 records - 3 invalid
  EMAIL_REQUESTED: 4, // #1 #2 #5 #6
  SMS_REQUESTED: 3, // #1 #3 #6
  PUSH_REQUESTED: 3, // #1 #3 #4 (#5 and #10 fail in Router)
  NOTIFICATION_SENT: 7,
  NOTIFICATION_FAILED: 4,
};

describe('the notification pipeline on the sample data', () => {
  let summary: PipelineSummary;

  beforeAll(async () => {
    summary = await runPipeline({ ...FAST, file: JSON_FILE });
  });

  it('counts every event type of the flow', () => {
    expect(summary.records).toBe(10);
    expect(summary.countsByType).toEqual(EXPECTED_COUNTS);
    // One organ listens to each type, so every stored event is one delivery.
    expect(summary.processed).toBe(38);
    expect(summary.emitted).toBe(28); // 38 stored - 10 input records
    expect(summary.retries).toBe(4); // push #1 and #4 once each, sms #3 twice
  });

  it('ends every requested channel as sent, failed or dead-lettered', () => {
    expect(summary.deliveries).toEqual({
      email: { sent: 3, failed: 1, deadLettered: 0 },
      sms: { sent: 1, failed: 1, deadLettered: 1 },
      push: { sent: 3, failed: 2, deadLettered: 0 },
    });
    // The 7 valid records ask for 4 emails, 3 SMS and 5 pushes.
    const requested = { email: 4, sms: 3, push: 5 };
    for (const channel of CHANNELS) {
      const { sent, failed, deadLettered } = summary.deliveries[channel];
      expect(sent + failed + deadLettered).toBe(requested[channel]);
    }
  });

  it('reports each failed delivery with its record and reason', () => {
    expect(summary.failures).toEqual([
      { record: 5, channel: 'push', userId: 'user_002', reason: 'user_002 has no push device on file' },
      { record: 6, channel: 'email', userId: 'user_004', reason: "'edsger@example' is not a valid email address" },
      { record: 6, channel: 'sms', userId: 'user_004', reason: expect.stringMatching(/^'555-0199' is not an international phone number/) },
      { record: 10, channel: 'push', userId: 'user_009', reason: 'unknown user user_009' },
    ]);
  });

  it('dead-letters invalid records and an exhausted delivery, naming the organ and the reason', () => {
    expect(summary.deadLetters.map(({ record, eventType, organ, error, attempts }) => ({ record, eventType, organ, error, attempts }))).toEqual([
      { record: 3, eventType: 'SMS_REQUESTED', organ: 'Sms', error: 'GatewayError', attempts: 3 },
      { record: 7, eventType: 'NOTIFICATION_REQUESTED', organ: 'Validate', error: 'PayloadValidationError', attempts: 1 },
      { record: 8, eventType: 'NOTIFICATION_REQUESTED', organ: 'Validate', error: 'PayloadValidationError', attempts: 1 },
      { record: 9, eventType: 'NOTIFICATION_REQUESTED', organ: 'Validate', error: 'PayloadValidationError', attempts: 1 },
    ]);
    const [sms, userId, channel, messageAndPriority] = summary.deadLetters.map((letter) => letter.reason);
    expect(sms).toBe('sms provider failed on attempt 3: carrier timeout');
    expect(userId).toMatch(/user_id \(matches: user_id must look like user_001\)$/);
    expect(channel).toMatch(/channels \(isIn: each channel must be one of email, sms, push\)$/);
    expect(messageAndPriority).toMatch(/message \(matches: message must not be blank\), priority \(isIn: .*\)$/);
  });

  it('measures the run', () => {
    expect(summary.durationMs).toBeGreaterThan(0);
    expect(summary.eventsPerSecond).toBeGreaterThan(0);
    expect(() => JSON.parse(JSON.stringify(summary))).not.toThrow();
  });

  it('gives the same summary from the CSV sample as from the JSON one', async () => {
    const fromCsv = await runPipeline({ ...FAST, file: CSV_FILE });
    expect(comparable(fromCsv)).toEqual(comparable(summary));
  });

  it('gives the same summary on Redis as in memory', async () => {
    const onRedis = await runPipeline({ ...FAST, file: JSON_FILE, backend: REDIS_URL });
    expect(onRedis.file).toBe(summary.file);
    expect(comparable(onRedis)).toEqual(comparable(summary));
  });

  it('is deterministic from run to run', async () => {
    const again = await runPipeline({ ...FAST, file: JSON_FILE });
    expect(again.countsByType).toEqual(summary.countsByType);
    expect(again.deliveries).toEqual(summary.deliveries);
    expect(again.deadLetters).toEqual(summary.deadLetters);
  });
});

describe('when an input file is broken', () => {
  it('rejects a missing file, naming it', async () => {
    await expect(runPipeline({ ...FAST, file: join(DATA_DIR, 'missing.json') })).rejects.toThrow(/missing\.json: no such file/);
  });

  it('rejects an unsupported file type', async () => {
    await expect(runPipeline({ ...FAST, file: join(DATA_DIR, 'README.md') })).rejects.toThrow(/unsupported file type: use a .json or a .csv file/);
  });
});
