import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from '../model/results';

/** `2026-11-27.json` for a complete run, `2026-11-27-memory.json` for `--only memory`. */
export function resultsFileName(results: Pick<BenchResults, 'startedAt' | 'only'>): string {
  const date = results.startedAt.slice(0, 10);
  return results.only ? `${date}-${results.only.join('+')}.json` : `${date}.json`;
}

export function writeResults(dir: string, results: BenchResults): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, resultsFileName(results));
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}

/** The most recent complete run (not `--only`) in `dir`, by start time. */
export function latestComplete(dir: string): { path: string; results: BenchResults } | undefined {
  if (!existsSync(dir)) return undefined;
  let latest: { path: string; results: BenchResults } | undefined;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const path = join(dir, file);
    let results: BenchResults;
    try {
      results = JSON.parse(readFileSync(path, 'utf8')) as BenchResults;
    } catch {
      continue;
    }
    if (results.schema !== 1 || results.only !== null) continue;
    if (!latest || results.startedAt > latest.results.startedAt) latest = { path, results };
  }
  return latest;
}
