import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FILE, runEtl } from '../src/etl';
import { formatSummary } from '../src/summary/format-summary';
import type { EtlSummary } from '../src/summary/summary';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The expected statistics, worked out here from the file itself (it has no quoted fields). */
function expectedFromFile() {
  const [header, ...lines] = readFileSync(DEFAULT_FILE, 'utf8').trim().split('\n').map((line) => line.split(','));
  const columns = header as string[];
  const complete = lines.filter((fields) => fields.every((field) => field.trim() !== ''));
  const column = (name: string) => complete.map((fields) => Number(fields[columns.indexOf(name)]));
  const stats = (values: number[]) => {
    const sum = values.reduce((a, b) => a + b, 0);
    return { min: Math.min(...values), max: Math.max(...values), avg: sum / values.length, sum, count: values.length };
  };
  return { columns, rowsRead: lines.length, rowsProcessed: complete.length, age: stats(column('age')), salary: stats(column('salary')) };
}

describe('the ETL pipeline on data/employees.csv', () => {
  let summary: EtlSummary;

  beforeAll(async () => {
    summary = await runEtl();
  });

  it('processes every complete row and removes the one with an empty age, saying why', () => {
    const expected = expectedFromFile();
    expect(summary.source).toBe('employees.csv');
    expect(summary.columns).toEqual(expected.columns);
    expect(summary.rowsRead).toBe(10);
    expect(summary.rowsProcessed).toBe(9);
    expect(summary.rowsProcessed).toBe(expected.rowsProcessed);
    expect(summary.rowsRemoved).toEqual({
      count: 1,
      rows: [{ line: 7, reason: 'empty age', values: { name: 'Frank', age: '', salary: '45000', department: 'Marketing' } }],
    });
  });

  it('computes min/max/avg/sum of the numeric columns over the rows kept', () => {
    const expected = expectedFromFile();
    expect(Object.keys(summary.numericStats)).toEqual(['age', 'salary']);
    expect(summary.numericStats.age).toEqual(expected.age);
    expect(summary.numericStats.salary).toEqual(expected.salary);
    // The same, by hand: Frank's row (age empty, salary 45000) is not in them.
    expect(summary.numericStats.age).toEqual({ min: 25, max: 40, avg: 31, sum: 279, count: 9 });
    expect(summary.numericStats.salary).toMatchObject({ min: 55000, max: 95000, sum: 647000, count: 9 });
    expect(summary.numericStats.salary?.avg).toBeCloseTo(647000 / 9, 9);
  });

  it('passes through four organs, one event each', () => {
    expect(summary.events).toEqual({ processed: 4, emitted: 3, deadLettered: 0 });
  });

  it('prints the readable summary as the original does', () => {
    const text = formatSummary(summary);
    expect(text).toContain("=== ETL Summary for 'employees.csv' ===\nTotal rows processed: 9\nColumns: name, age, salary, department\n");
    expect(text).toContain('Rows removed: 1 of 10\n  line 7: empty age (Frank,,45000,Marketing)\n');
    expect(text).toContain('Numeric Statistics:\n  age: min=25.00, max=40.00, avg=31.00, sum=279.00\n' +
      '  salary: min=55000.00, max=95000.00, avg=71888.89, sum=647000.00\n');
  });

  it('gives the same summary on Redis as in memory', async () => {
    expect(await runEtl({ backend: REDIS_URL })).toEqual(summary);
  });
});

describe('when the CSV has quoted fields', () => {
  it('reads commas and quotes inside them, and CRLF line ends', async () => {
    const file = writeTemp('quoted.csv', 'name,city,score\r\n"Doe, Jane","Paris",10\r\n"O""Brien",Cork,20\r\n" ",x,30\r\n');
    const summary = await runEtl({ file });
    expect(summary.rowsRead).toBe(3);
    expect(summary.rowsProcessed).toBe(2);
    expect(summary.rowsRemoved.rows).toEqual([{ line: 4, reason: 'empty name', values: { name: '', city: 'x', score: '30' } }]);
    expect(summary.numericStats).toEqual({ score: { min: 10, max: 20, avg: 15, sum: 30, count: 2 } });
  });

  it('handles an empty file as the original does: nothing processed', async () => {
    const summary = await runEtl({ file: writeTemp('empty.csv', '') });
    expect(summary).toMatchObject({ rowsRead: 0, rowsProcessed: 0, columns: [], numericStats: {} });
  });
});

describe('when the input is bad', () => {
  it('rejects a missing file, naming it', async () => {
    await expect(runEtl({ file: '/nonexistent/missing.csv' })).rejects.toThrow('/nonexistent/missing.csv: cannot be read (ENOENT)');
  });

  it('rejects malformed CSV, naming the line', async () => {
    const file = writeTemp('broken.csv', 'a,b\n1,2\n3,"open\n');
    await expect(runEtl({ file })).rejects.toThrow(/broken\.csv: not valid CSV: line 3: a quoted field is never closed$/);
  });
});

function writeTemp(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'necro-etl-')), name);
  writeFileSync(file, text);
  return file;
}
