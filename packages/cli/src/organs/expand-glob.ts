import { isAbsolute, resolve } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';

const IGNORE = ['**/node_modules/**', '**/.git/**'];

/**
 * The files a module pattern names, sorted: a path (kept as is, even if missing, so the loader
 * reports it), or a glob (tinyglobby: `*`, `**`, `?`, `[…]`, `{a,b}`, `!(…)` and the other
 * extglobs). `node_modules` is not searched.
 *
 * @example
 * ```ts
 * expandGlob('dist/organs/{billing,mailer}.js', process.cwd()); // ['/app/dist/organs/billing.js', '/app/dist/organs/mailer.js']
 * ```
 */
export function expandGlob(pattern: string, cwd: string): string[] {
  if (!isDynamicPattern(pattern)) return [resolve(cwd, pattern)];
  return globSync(pattern, { cwd, absolute: true, ignore: IGNORE, expandDirectories: false }).sort();
}

/**
 * Splits a comma-separated `--organs` value, leaving the commas of `{a,b}`, `(…)` and `[…]` alone.
 *
 * @example
 * ```ts
 * splitPatterns('dist/audit.js,dist/{billing,mailer}.js'); // ['dist/audit.js', 'dist/{billing,mailer}.js']
 * ```
 */
export function splitPatterns(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if ((c === '}' || c === ')' || c === ']') && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** Whether a module specifier is a path (rather than a package name). */
export function isPathLike(specifier: string): boolean {
  return specifier.startsWith('.') || isAbsolute(specifier) || specifier.includes('/') && isDynamicPattern(specifier) || /\.[cm]?[jt]s$/.test(specifier);
}
