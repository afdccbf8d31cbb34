import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvParseError, parseCsv, readCsvRecords } from '../src/input/csv-parser';
import { loadNotifications } from '../src/input/load-notifications';

describe('parseCsv', () => {
  it('splits plain fields on commas', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
  });

  it('keeps commas inside quoted fields', () => {
    expect(parseCsv('user_005,fax,"Your fax, as requested",normal')).toEqual([['user_005', 'fax', 'Your fax, as requested', 'normal']]);
  });

  it('reads a doubled quote as one quote', () => {
    expect(parseCsv('"Your invoice ""INV-2024-07"" is ready, due Friday",x')).toEqual([['Your invoice "INV-2024-07" is ready, due Friday', 'x']]);
  });

  it('keeps line breaks inside quoted fields', () => {
    expect(parseCsv('"line one\nline two",b\r\nc,d')).toEqual([['line one\nline two', 'b'], ['c', 'd']]);
  });

  it('keeps empty fields, quoted or not', () => {
    expect(parseCsv(',email,,""\n')).toEqual([['', 'email', '', '']]);
  });

  it('handles CRLF line ends, a BOM and blank lines', () => {
    expect(parseCsv('\uFEFFa,b\r\n\r\n1,2\r\n')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('rejects a quoted field that is never closed, naming the line it opens on', () => {
    expect(() => parseCsv('a,b\n1,"never closed\n2,3')).toThrow(new CsvParseError(2, 'a quoted field is never closed'));
  });

  it('rejects text after a closing quote', () => {
    expect(() => parseCsv('"quoted"tail,b')).toThrow(/line 1: unexpected "t" after a closing quote/);
  });

  it('rejects a quote inside an unquoted field', () => {
    expect(() => parseCsv('ab"c,d')).toThrow(/line 1: a quote inside an unquoted field/);
  });
});

describe('readCsvRecords', () => {
  it('keys each row by the header', () => {
    expect(readCsvRecords('user_id,message\nuser_001,"Hi, ""you"""\n')).toEqual([{ user_id: 'user_001', message: 'Hi, "you"' }]);
  });

  it('rejects a row whose field count differs from the header', () => {
    expect(() => readCsvRecords('a,b\n1,2\n1,2,3\n')).toThrow(/line 3: 3 field\(s\), but the header names 2/);
  });
});

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

  it('names the file and the line of a syntax error', async () => {
    const file = join(dir, 'broken.csv');
    await writeFile(file, 'user_id,channels,message,priority\nuser_001,email,"oops,high\n');
    await expect(loadNotifications(file)).rejects.toThrow(`${file}: line 2: a quoted field is never closed`);
  });
});
