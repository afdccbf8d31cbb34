import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const live = new Map<ChildProcess, string>();
let hooked = false;

/** Kills every server still running (by pid) and deletes its directory: whatever ends the process. */
function killAll(): void {
  for (const [server, dir] of live) {
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
  live.clear();
}

/** Remembers a running server and its directory, so that neither outlives this process. */
export function track(server: ChildProcess, dir: string): void {
  if (!hooked) {
    hooked = true;
    process.once('exit', killAll);
  }
  live.set(server, dir);
  server.once('exit', () => live.delete(server));
}
