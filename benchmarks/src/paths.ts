import { join, resolve } from 'node:path';

/** benchmarks/ (this file compiles to benchmarks/dist/paths.js). */
export const BENCH_DIR = resolve(__dirname, '..');
export const REPO_DIR = resolve(BENCH_DIR, '..');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
export const PROFILES_DIR = join(RESULTS_DIR, 'profiles');
export const DOC_FILE = join(REPO_DIR, 'docs', 'benchmarks.md');
export const CHARTS_DIR = join(REPO_DIR, 'docs', 'benchmarks');
/** The compiled scenarios, for forked workers. */
export const DIST_DIR = join(BENCH_DIR, 'dist');
