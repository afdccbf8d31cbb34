import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

const MAGIC = /[*?[]/;
const SKIP_DIRS = new Set(['node_modules', '.git']);

/**
 * The files a module pattern names, sorted: a path (kept as is, even if missing, so the loader
 * reports it), or a glob with `*`, `?`, `[…]` and `**` (any depth). `node_modules` is not searched.
 *
 * @example
 * ```ts
 * expandGlob('dist/organs/*.organ.js', process.cwd()); // ['/app/dist/organs/billing.organ.js', …]
 * ```
 */
export function expandGlob(pattern: string, cwd: string): string[] {
  const absolute = resolve(cwd, pattern);
  if (!MAGIC.test(pattern)) return [absolute];
  const parts = absolute.split(sep);
  const firstMagic = parts.findIndex((part) => MAGIC.test(part));
  const base = parts.slice(0, firstMagic).join(sep) || sep;
  const matcher = toRegExp(parts.slice(firstMagic).join('/'));
  return walk(base).filter((file) => matcher.test(relative(base, file).split(sep).join('/'))).sort();
}

function walk(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats?.isDirectory()) {
      if (!SKIP_DIRS.has(name)) files.push(...walk(path));
    } else if (stats?.isFile()) files.push(path);
  }
  return files;
}

function toRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      source += end > i ? `[${glob.slice(i + 1, end).replace(/^!/, '^')}]` : '\\[';
      if (end > i) i = end;
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Whether a module specifier is a path (rather than a package name). */
export function isPathLike(specifier: string): boolean {
  return specifier.startsWith('.') || isAbsolute(specifier) || specifier.includes('/') && MAGIC.test(specifier) || /\.[cm]?[jt]s$/.test(specifier);
}
