export { parseExampleArgs, type ExampleArgs, type ExtraFlags } from './example-args';
export { withExampleBackend } from './example-backend';
export { exampleLogger, printJsonSummary, runMain } from './example-output';
export { CsvParseError, parseCsv, readRows, readCsvRecords, type CsvRow, type CsvTable } from './csv';
export { seededRandom, randomFor, integerBetween, pick, type Random } from './seeded-random';
export { deleteKeys } from './delete-keys';
export { InputError } from './input-error';
export { loadRecords, readJsonFile, type LoadRecordsOptions } from './load-records';
