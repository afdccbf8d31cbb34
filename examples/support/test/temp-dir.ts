// A temporary directory for the example specs that read input files (shared by the specs of
// examples/support, notification-pipeline and trading-orderbook).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Files in a directory of their own. */
export interface TempDir {
  /** The path of `name` in the directory (the file need not exist). */
  path(name: string): string;
  /** Writes `text` to `name` in the directory; resolves with its path. */
  write(name: string, text: string): Promise<string>;
}

/** Creates a fresh directory before the tests of the enclosing `describe` and removes it after them. */
export function useTempDir(prefix: string): TempDir {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const path = (name: string): string => join(dir, name);
  return {
    path,
    write: async (name, text) => {
      await writeFile(path(name), text);
      return path(name);
    },
  };
}
