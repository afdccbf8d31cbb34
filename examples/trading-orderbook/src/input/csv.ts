/**
 * A compact RFC 4180 reader: comma-separated fields; a field in double quotes may hold commas, line
 * breaks and doubled quotes (`""` is one `"`); LF or CRLF line ends; a BOM and blank lines ignored.
 */

/** The rows after the header, as objects keyed by the header's (trimmed) names. */
export function readCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsvRows(text);
  if (!header) return [];
  const names = header.fields.map((name) => name.trim());
  return rows.map(({ line, fields }) => {
    if (fields.length !== names.length) throw new Error(`line ${line}: ${fields.length} field(s), but the header names ${names.length}`);
    return Object.fromEntries(names.map((name, i) => [name, fields[i] as string]));
  });
}

/** One row of a CSV text, with the (1-based) line it starts on. */
export interface CsvRow {
  readonly line: number;
  readonly fields: string[];
}

/** @throws Error naming the line of a quote left open or misplaced. */
export function parseCsvRows(input: string): CsvRow[] {
  const text = input.replace(/^\uFEFF/, '');
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false; // inside quotes
  let touched = false; // the current field has content or quotes
  let closed = false; // the current field's closing quote was seen
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;
  const endField = (): void => {
    fields.push(field);
    field = '';
    touched = false;
    closed = false;
  };
  const endRow = (): void => {
    if (touched || fields.length > 0) {
      endField();
      rows.push({ line: rowLine, fields });
    }
    fields = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
        closed = true;
      } else {
        field += c;
        if (c === '\n') line++;
      }
    } else if (c === ',') {
      endField();
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      rowLine = ++line;
    } else if (closed) {
      throw new Error(`line ${line}: unexpected ${JSON.stringify(c)} after a closing quote`);
    } else if (c === '"') {
      if (touched) throw new Error(`line ${line}: a quote inside an unquoted field (quote the whole field, double inner quotes)`);
      quoted = true;
      touched = true;
      quoteLine = line;
    } else {
      field += c;
      touched = true;
    }
  }
  if (quoted) throw new Error(`line ${quoteLine}: a quoted field is never closed`);
  endRow();
  return rows;
}
