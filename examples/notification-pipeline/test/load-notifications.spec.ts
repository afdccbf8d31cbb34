import { useTempDir } from '../../support/test/temp-dir';
import { loadNotifications } from '../src/input/load-notifications';

describe('loadNotifications from CSV', () => {
  const dir = useTempDir('necrostack-csv-');

  it('splits the channels field on |', async () => {
    const file = await dir.write('ok.csv', 'user_id,channels,message,priority\nuser_001,email| sms,"a, b",high\nuser_002,,x,low\n');
    expect(await loadNotifications(file)).toEqual([
      { user_id: 'user_001', channels: ['email', 'sms'], message: 'a, b', priority: 'high' },
      { user_id: 'user_002', channels: [], message: 'x', priority: 'low' },
    ]);
  });
});
