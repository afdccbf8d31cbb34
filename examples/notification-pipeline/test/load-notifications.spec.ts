import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNotifications } from '../src/input/load-notifications';

describe('loadNotifications from CSV', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'necrostack-csv-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('splits the channels field on |', async () => {
    const file = join(dir, 'ok.csv');
    await writeFile(file, 'user_id,channels,message,priority\nuser_001,email| sms,"a, b",high\nuser_002,,x,low\n');
    expect(await loadNotifications(file)).toEqual([
      { user_id: 'user_001', channels: ['email', 'sms'], message: 'a, b', priority: 'high' },
      { user_id: 'user_002', channels: [], message: 'x', priority: 'low' },
    ]);
  });
});
