import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CliError } from '../output/cli-error';
import { expandGlob, isPathLike } from './expand-glob';

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
  const specifiers = patterns.flatMap((p) => p.split(',')).map((p) => p.trim()).filter((p) => p.length > 0);
  if (specifiers.length === 0) {
    throw new CliError('No organ modules given', { help: 'pass --organs <module or glob>, or set NECRO_ORGANS' });
  }
  const loaded: string[] = [];
  for (const specifier of specifiers) {
    const files = isPathLike(specifier) ? expandGlob(specifier, cwd) : [specifier];
    if (files.length === 0) throw new CliError(`No organ module matches '${specifier}'`, { help: `run from the right directory (now ${cwd}) or fix the pattern` });
    for (const file of files) {
      await loadOne(file, specifier, cwd);
      loaded.push(file);
    }
  }
  return loaded;
}

async function loadOne(file: string, specifier: string, cwd: string): Promise<void> {
  if (isPathLike(specifier) && !existsSync(file)) {
    throw new CliError(`Organ module not found: ${file}`, { help: 'build your organs first (compiled JS), or fix --organs' });
  }
  try {
    const target = isPathLike(specifier) ? file : require.resolve(file, { paths: [cwd] });
    try {
      require(target);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_REQUIRE_ESM') throw error;
      await import(pathToFileURL(target).href);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`Could not load organ module ${file}`, { cause: error });
  }
}
