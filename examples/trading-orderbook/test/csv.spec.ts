import { parseCsvRows, readCsv } from '../src/input/csv';

const fields = (text: string) => parseCsvRows(text).map((row) => row.fields);

describe('the CSV reader', () => {
  it('splits plain fields on commas', () => {
    expect(fields('a,b,c\n1,2,3\n')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
  });

  it('keeps commas, line breaks and doubled quotes inside quoted fields', () => {
    expect(fields('"Smith, J.","say ""hi""","two\nlines"\r\nx,y,z')).toEqual([['Smith, J.', 'say "hi"', 'two\nlines'], ['x', 'y', 'z']]);
  });

  it('keeps empty fields, quoted or not', () => {
    expect(fields(',a,,""')).toEqual([['', 'a', '', '']]);
  });

  it('ignores a BOM and blank lines, and reads CRLF', () => {
    expect(fields('\uFEFFa,b\r\n\r\n1,2\r\n')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('counts lines from the start of each row, across quoted line breaks', () => {
    expect(parseCsvRows('a\n"x\ny"\nz').map((row) => row.line)).toEqual([1, 2, 4]);
  });

  it('rejects a quote left open, naming the line it opens on', () => {
    expect(() => parseCsvRows('a,b\n1,"open\n2,3')).toThrow('line 2: a quoted field is never closed');
  });

  it('rejects text after a closing quote, and a quote inside a plain field', () => {
    expect(() => parseCsvRows('"q"x,b')).toThrow(/line 1: unexpected "x" after a closing quote/);
    expect(() => parseCsvRows('ab"c,d')).toThrow(/line 1: a quote inside an unquoted field/);
  });

  it('keys rows by the header, and rejects a row of the wrong width', () => {
    expect(readCsv('name, qty\nwidget,"1,000"\n')).toEqual([{ name: 'widget', qty: '1,000' }]);
    expect(() => readCsv('a,b\n1,2,3\n')).toThrow('line 2: 3 field(s), but the header names 2');
  });
});
