import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../src/input-error';
import { loadRecords, readJsonFile } from '../src/load-records';
import { useTempDir } from './temp-dir';

describe('loadRecords', () => {
  const dir = useTempDir('necrostack-records-');

  const ORDERS = { listKey: 'orders' };
  const WITH_CSV = { listKey: 'orders', fromCsvRow: (row: Record<string, string>) => ({ ...row, seen: true }) };

  it('reads a JSON list under its key, or a bare JSON array', async () => {
    expect(await loadRecords(await dir.write('keyed.json', '{"orders":[{"id":1},{"id":2}]}'), ORDERS)).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await loadRecords(await dir.write('bare.json', '[{"id":3}]'), ORDERS)).toEqual([{ id: 3 }]);
  });

  it('reads a .csv file (any case of the extension) through the example\'s row mapping', async () => {
    const path = await dir.write('orders.CSV', 'id, note\n1,"a, b"\n');
    expect(await loadRecords(path, WITH_CSV)).toEqual([{ id: '1', note: 'a, b', seen: true }]);
  });

  it('reads only .json files when the example maps no CSV rows', async () => {
    const path = await dir.write('orders.csv', 'id\n1\n');
    await expect(loadRecords(path, ORDERS)).rejects.toThrow(`${path}: unsupported file type: use a .json file`);
    await expect(loadRecords(dir.path('orders.txt'), WITH_CSV)).rejects.toThrow('unsupported file type: use a .json or a .csv file');
  });

  describe('when the file is not what it should be', () => {
    it.each([
      ['missing', 'missing.json', undefined, 'no such file'],
      ['not valid JSON', 'broken.json', '{ "orders": [', 'is not valid JSON ('],
      ['without the list', 'object.json', '{"items":[]}', 'must hold an array of orders, or { "orders": [...] }'],
      ['a list with a non-object', 'mixed.json', '[{"id":1}, 2]', 'record 2 is not a JSON object'],
      ['invalid CSV', 'broken.csv', 'id,note\n1,"open\n', 'line 2: a quoted field is never closed'],
    ])('throws an InputError naming the file when it is %s', async (_case, name, text, detail) => {
      const path = text === undefined ? dir.path(name) : await dir.write(name, text);
      const loading = loadRecords(path, WITH_CSV);
      await expect(loading).rejects.toThrow(InputError);
      await expect(loading).rejects.toThrow(`${path}: ${detail}`);
    });
  });
});

describe('readJsonFile', () => {
  it('names a missing file', async () => {
    const path = join(tmpdir(), 'necrostack-no-such-dir', 'directory.json');
    await expect(readJsonFile(path)).rejects.toThrow(`${path}: no such file`);
  });
});
