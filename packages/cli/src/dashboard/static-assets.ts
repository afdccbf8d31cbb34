import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A file the page is made of, held in memory. */
export interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

/** The folder of the page's files, in the package (beside src/ and dist/), shipped as they are: no build step. */
const ASSETS_DIR = join(__dirname, '..', '..', 'dashboard');

const FILES: Readonly<Record<string, [file: string, type: string]>> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/assets/dashboard.js': ['dashboard.js', 'text/javascript; charset=utf-8'],
  '/assets/dashboard.css': ['dashboard.css', 'text/css; charset=utf-8'],
};

/** Reads the page's files once, by URL path. @throws Error naming a missing file (a broken install). */
export function loadAssets(): ReadonlyMap<string, Asset> {
  return new Map(Object.entries(FILES).map(([path, [file, type]]) => [path, { type, body: readFileSync(join(ASSETS_DIR, file)) }]));
}
