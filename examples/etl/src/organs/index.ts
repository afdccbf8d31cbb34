// Importing this module is what lets discovery (`container.resolve(Spine)`) find the organs.
export { ExtractCSV } from './extract-csv.organ';
export { CleanData } from './clean-data.organ';
export { TransformData } from './transform-data.organ';
export { ExportSummary } from './export-summary.organ';
