import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError } from '../output/cli-error';
import { expandGlob, isPathLike, splitPatterns } from './expand-glob';

/**
 * Imports the user's organ modules, so their `@Organ()` classes are discovered by
 * `container.resolve(Spine)`. Each pattern (comma-separated too) is a file, a glob, or a package
 * name. CommonJS modules are required (so `node -r @swc/register` compiles TypeScript on the
 * fly); ES modules are imported. Resolves with the files loaded.
 *
 * @throws CliError naming the module when a pattern matches nothing or a module fails to load.
 * @example
 * ```ts
 * await loadOrganModules(['dist/organs/*.js'], process.cwd());
 * ```
 */
export async function loadOrganModules(patterns: readonly string[], cwd: string): Promise<string[]> {
  const files = organFiles(patterns, cwd);
  for (const file of files) await loadOne(file, cwd);
  return files;
}

/**
 * The modules `--organs` values name, in order, each once: the files a path or glob matches, and
 * package names as given.
 *
 * @throws CliError when no module is given, or a glob matches nothing.
 * @example
 * ```ts
 * organFiles(['dist/organs/{billing,mailer}.js'], '/app'); // ['/app/dist/organs/billing.js', '/app/dist/organs/mailer.js']
 * ```
 */
export function organFiles(patterns: readonly string[], cwd: string): string[] {
  const specifiers = patterns.flatMap(splitPatterns);
  if (specifiers.length === 0) {
    throw new CliError('No organ modules given', { help: 'pass --organs <module or glob>, or set NECRO_ORGANS' });
  }
  const files = new Set<string>();
  for (const specifier of specifiers) {
    const matched = isPathLike(specifier) ? expandGlob(specifier, cwd) : [specifier];
    if (matched.length === 0) throw new CliError(`No organ module matches '${specifier}'`, { help: `run from the right directory (now ${cwd}) or fix the pattern` });
    for (const file of matched) files.add(file);
  }
  return [...files];
}

async function loadOne(file: string, cwd: string): Promise<void> {
  const isPath = isPathLike(file);
  if (isPath && !existsSync(file)) {
    throw new CliError(`Organ module not found: ${file}`, { help: 'build your organs first (compiled JS), or fix --organs' });
  }
  try {
    const target = isPath ? file : require.resolve(file, { paths: [cwd] });
    try {
      require(target);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_REQUIRE_ESM') throw error;
      await import(pathToFileURL(target).href);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`Could not load organ module ${file}`, { cause: error, help: typeScriptHelp(file, error) });
  }
}

const RECIPE = 'docs/operations.md#typescript-without-a-build';

/** What to do when a TypeScript organ module failed to load; undefined for JavaScript or other failures. */
function typeScriptHelp(file: string, error: unknown): string | undefined {
  if (!/\.[cm]?tsx?$/.test(file)) return undefined;
  if (!('.ts' in require.extensions)) {
    return `${basename(file)} is TypeScript, and no TypeScript loader is registered: build the organs to JavaScript (tsc) `
      + `and point --organs at the .js files, or run necro through SWC: node -r @swc/register node_modules/.bin/necro worker … with a .swcrc (${RECIPE})`;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof SyntaxError) && !/Syntax Error|Expression expected|Unexpected token/.test(message)) return undefined;
  return `the TypeScript loader could not parse ${basename(file)}. With @swc/register, a .swcrc in the directory you run from must `
    + 'enable TypeScript and legacy decorators with metadata: { "jsc": { "parser": { "syntax": "typescript", "decorators": true }, '
    + `"transform": { "legacyDecorator": true, "decoratorMetadata": true } } } (${RECIPE})`;
}
