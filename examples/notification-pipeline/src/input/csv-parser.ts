/**
 * A small RFC 4180 CSV parser: comma-separated fields; a field in double quotes may hold commas,
 * line breaks and doubled quotes (`""` is one `"`); LF or CRLF line ends; blank lines skipped.
 */

/** A CSV text that breaks the format; `line` is 1-based. */
export class CsvParseError extends Error {
  constructor(readonly line: number, detail: string) {
    super(`line ${line}: ${detail}`);
    this.name = 'CsvParseError';
  }
}

interface Row {
  /** The line the row starts on. */
  readonly line: number;
  readonly fields: string[];
}

/** The rows of `text`, each an array of fields. */
export function parseCsv(text: string): string[][] {
  return scan(text).map((row) => row.fields);
}

/**
 * The rows after the header, as objects keyed by the header's names.
 * @throws CsvParseError when the text is malformed or a row has more or fewer fields than the header.
 */
export function readCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = scan(text);
  if (!header) return [];
  const names = header.fields.map((name) => name.trim());
  return rows.map(({ line, fields }) => {
    if (fields.length !== names.length) {
      throw new CsvParseError(line, `${fields.length} field(s), but the header names ${names.length}`);
    }
    return Object.fromEntries(names.map((name, i) => [name, fields[i] as string]));
  });
}

type FieldState = 'start' | 'plain' | 'quoted' | 'closed';

function scan(input: string): Row[] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const rows: Row[] = [];
  let fields: string[] = [];
  let field = '';
  let state: FieldState = 'start';
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;

  const endField = (): void => {
    fields.push(field);
    field = '';
    state = 'start';
  };
  const endRow = (): void => {
    const blank = fields.length === 0 && state === 'start';
    if (!blank) {
      endField();
      rows.push({ line: rowLine, fields });
    }
    fields = [];
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (state === 'quoted') {
      if (c !== '"') {
        if (c === '\n') line++;
        field += c;
      } else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        state = 'closed';
      }
      continue;
    }
    if (c === ',') {
      endField();
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      rowLine = ++line;
    } else if (state === 'closed') {
      throw new CsvParseError(line, `unexpected ${JSON.stringify(c)} after a closing quote (expected a comma or a line end)`);
    } else if (c === '"') {
      if (state === 'plain') {
        throw new CsvParseError(line, 'a quote inside an unquoted field: quote the whole field and double the quote ("")');
      }
      state = 'quoted';
      quoteLine = line;
    } else {
      field += c;
      state = 'plain';
    }
  }
  if (state === 'quoted') throw new CsvParseError(quoteLine, 'a quoted field is never closed');
  endRow();
  return rows;
}
