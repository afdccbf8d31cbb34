/**
 * A small CSV reader (RFC 4180): fields separated by commas; a field in double quotes may hold
 * commas, line breaks and quotes written twice (`""`); rows end with LF, CRLF or CR; blank lines
 * (and lines of spaces) are skipped; a leading byte-order mark is ignored.
 */

/** Text that is not valid CSV. `line` is 1-based: the line where the problem is. */
export class CsvParseError extends Error {
  constructor(readonly line: number, readonly detail: string) {
    super(`line ${line}: ${detail}`);
    this.name = 'CsvParseError';
  }
}

/** One row of fields, with the line it starts on (a quoted field may span several lines). */
export interface CsvRow {
  readonly line: number;
  readonly fields: readonly string[];
}

/** A parsed file: the header's names and the rows after it, each as long as the header. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
}

/**
 * Parses CSV text whose first row names the columns. Empty text gives an empty table.
 * @throws CsvParseError on an unclosed quote, a stray quote, or a row whose field count differs from the header's.
 */
export function parseCsv(text: string): CsvTable {
  const [first, ...rows] = readRows(text);
  if (!first) return { header: [], rows: [] };
  const header = first.fields;
  for (const row of rows) {
    if (row.fields.length !== header.length) {
      throw new CsvParseError(row.line, `${row.fields.length} field(s), but the header has ${header.length}`);
    }
  }
  return { header, rows };
}

/** Every non-blank row of `text`, without a header check. @throws CsvParseError */
export function readRows(input: string): CsvRow[] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const reader = new RowReader();
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (reader.quoted) {
      if (c !== '"') reader.append(c);
      else if (text[i + 1] === '"') {
        reader.append('"');
        i++;
      } else reader.closeQuote();
    } else if (c === ',') reader.endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      reader.endRow();
    } else if (c === '"') reader.openQuote();
    else reader.appendPlain(c);
  }
  return reader.finish();
}

/** The state of the scan: the row and field being read, and where we are. */
class RowReader {
  quoted = false;
  private readonly rows: CsvRow[] = [];
  private fields: string[] = [];
  private field = '';
  /** 'empty': nothing read in this field yet; 'closed': a quoted field just ended. */
  private fieldState: 'empty' | 'plain' | 'closed' = 'empty';
  private line = 1;
  private rowLine = 1;
  private quoteLine = 1;

  append(c: string): void {
    if (c === '\n') this.line++;
    this.field += c;
  }

  appendPlain(c: string): void {
    if (this.fieldState === 'closed') {
      throw new CsvParseError(this.line, `${JSON.stringify(c)} after a closing quote: a quoted field must end at a comma or a line end`);
    }
    this.field += c;
    this.fieldState = 'plain';
  }

  openQuote(): void {
    if (this.fieldState !== 'empty') {
      throw new CsvParseError(this.line, 'a quote inside an unquoted field: quote the whole field and write the quote twice ("")');
    }
    this.quoted = true;
    this.quoteLine = this.line;
  }

  closeQuote(): void {
    this.quoted = false;
    this.fieldState = 'closed';
  }

  endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.fieldState = 'empty';
  }

  endRow(): void {
    // A line of nothing but spaces is blank too, as the original's reader had it.
    const blank = this.fields.length === 0 && this.fieldState !== 'closed' && this.field.trim() === '';
    this.endField();
    if (!blank) this.rows.push({ line: this.rowLine, fields: this.fields });
    this.fields = [];
    this.line++;
    this.rowLine = this.line;
  }

  finish(): CsvRow[] {
    if (this.quoted) throw new CsvParseError(this.quoteLine, 'a quoted field is never closed');
    this.endRow();
    return this.rows;
  }
}

/**
 * The rows after the header as objects keyed by the header's (trimmed) names.
 * @throws CsvParseError as {@link parseCsv} does.
 */
export function readCsvRecords(text: string): Record<string, string>[] {
  const { header, rows } = parseCsv(text);
  const names = header.map((name) => name.trim());
  return rows.map(({ fields }) => Object.fromEntries(names.map((name, i) => [name, fields[i] as string])));
}
