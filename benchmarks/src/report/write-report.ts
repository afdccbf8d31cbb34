import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { BenchResults } from '../model/results';
import { CHARTS_DIR, DOC_FILE, REPO_DIR } from '../paths';
import { groupSvg } from './charts';
import { renderMarkdown } from './markdown';

/** Writes docs/benchmarks.md and its SVG charts in docs/benchmarks/; returns the files written. */
export function writeReport(results: BenchResults, resultsPath: string): string[] {
  mkdirSync(CHARTS_DIR, { recursive: true });
  const written: string[] = [];
  const charts = new Map<string, string>();
  for (const group of results.groups) {
    const chart = groupSvg(group);
    if (!chart) continue;
    const path = join(CHARTS_DIR, chart.file);
    writeFileSync(path, chart.svg);
    charts.set(group.id, chart.file);
    written.push(path);
  }
  const markdown = renderMarkdown(results, {
    resultsPath: relative(REPO_DIR, resultsPath),
    chartsDir: relative(dirname(DOC_FILE), CHARTS_DIR),
    charts,
  });
  writeFileSync(DOC_FILE, markdown);
  written.push(DOC_FILE);
  return written.map((p) => relative(REPO_DIR, p));
}
