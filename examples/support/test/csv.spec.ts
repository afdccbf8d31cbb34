import { CsvParseError, parseCsv, readCsvRecords, readRows } from '../src/csv';

const fieldsOf = (text: string) => readRows(text).map((row) => row.fields);

describe('parseCsv', () => {
  it('reads the header and the rows', () => {
    expect(parseCsv('name,age\nAlice,30\nBob,25\n')).toEqual({
      header: ['name', 'age'],
      rows: [{ line: 2, fields: ['Alice', '30'] }, { line: 3, fields: ['Bob', '25'] }],
    });
  });

  it('keeps commas inside quoted fields', () => {
    expect(fieldsOf('"Smith, Jane",42,"a,b,c"')).toEqual([['Smith, Jane', '42', 'a,b,c']]);
  });

  it('reads a doubled quote as one quote', () => {
    expect(fieldsOf('"say ""hi""",""""')).toEqual([['say "hi"', '"']]);
    expect(fieldsOf('"Invoice ""INV-7"" is ready, due Friday",x')).toEqual([['Invoice "INV-7" is ready, due Friday', 'x']]);
  });

  it('accepts CRLF, LF and CR line ends alike', () => {
    expect(fieldsOf('a,b\r\n1,2\r\n3,4\r\n')).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect(fieldsOf('a,b\r1,2')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps line breaks inside quoted fields and numbers rows by the line they start on', () => {
    const table = parseCsv('note,n\r\n"two\r\nlines",1\r\nnext,2\r\n');
    expect(table.rows).toEqual([{ line: 2, fields: ['two\r\nlines', '1'] }, { line: 4, fields: ['next', '2'] }]);
    expect(fieldsOf('"line one\nline two",b\r\nc,d')).toEqual([['line one\nline two', 'b'], ['c', 'd']]);
  });

  it('keeps empty fields, quoted or not, leading and trailing', () => {
    expect(fieldsOf('a,,"",\n')).toEqual([['a', '', '', '']]);
    expect(fieldsOf(',email,,""\n')).toEqual([['', 'email', '', '']]);
  });

  it('skips blank lines and lines of spaces, and a byte-order mark', () => {
    expect(parseCsv('\uFEFFa,b\n\n   \n1,2\n\n')).toEqual({ header: ['a', 'b'], rows: [{ line: 4, fields: ['1', '2'] }] });
  });

  it('gives an empty table for empty text', () => {
    expect(parseCsv('')).toEqual({ header: [], rows: [] });
    expect(parseCsv('a,b\n')).toEqual({ header: ['a', 'b'], rows: [] });
  });

  describe('when the text is not valid CSV', () => {
    it.each([
      ['a quoted field is never closed', 'a,b\n1,"open\n2,3\n', 2, /never closed/],
      ['a quote inside an unquoted field', 'a,b\n1,x"y\n', 2, /quote inside an unquoted field/],
      ['text after a closing quote', 'a,b\n"x"y,1\n', 2, /after a closing quote/],
      ['a row longer than the header', 'a,b\n1,2\n1,2,3\n', 3, /3 field\(s\), but the header has 2/],
      ['a row shorter than the header', 'a,b,c\n1,2\n', 2, /2 field\(s\), but the header has 3/],
    ])('rejects %s, naming the line', (_case, text, line, message) => {
      expect(() => parseCsv(text)).toThrow(CsvParseError);
      expect(() => parseCsv(text)).toThrow(message);
      try {
        parseCsv(text);
      } catch (error) {
        expect((error as CsvParseError).line).toBe(line);
      }
    });
  });
});

describe('readCsvRecords', () => {
  it('keys rows by the trimmed header names, keeping quoted commas and quotes', () => {
    expect(readCsvRecords('name, qty\nwidget,"1,000"\n')).toEqual([{ name: 'widget', qty: '1,000' }]);
    expect(readCsvRecords('user_id,message\nuser_001,"Hi, ""you"""\n')).toEqual([{ user_id: 'user_001', message: 'Hi, "you"' }]);
  });

  it('rejects a row of the wrong width, naming its line', () => {
    expect(() => readCsvRecords('a,b\n1,2,3\n')).toThrow('line 2: 3 field(s), but the header has 2');
  });
});
