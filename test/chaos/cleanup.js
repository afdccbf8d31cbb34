'use strict';
// What the harness must undo however it ends (normally, on an error, on SIGINT/SIGTERM, or at
// process exit): the processes it started, killed by their pid, and its temporary directories.
const { rmSync } = require('node:fs');

/** @type {Map<number, string>} pid → what it is, for the started processes still running */
const running = new Map();
/** @type {Set<string>} */
const dirs = new Set();
let installed = false;

/** Remembers a started process until it exits. @param {import('node:child_process').ChildProcess} child */
function trackProcess(child, what) {
  if (child.pid === undefined) return;
  const pid = child.pid;
  running.set(pid, what);
  child.once('exit', () => running.delete(pid));
  installHandlers();
}

/** Remembers a temporary directory to delete at the end. */
function trackDir(dir) {
  dirs.add(dir);
  installHandlers();
}

/** Deletes a tracked directory now. */
function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

/** SIGKILLs every tracked process still running (SIGCONT first, for stopped ones), deletes the directories. Synchronous. */
function cleanupNow() {
  for (const pid of running.keys()) {
    try {
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
  for (const dir of [...dirs]) removeDir(dir);
}

function installHandlers() {
  if (installed) return;
  installed = true;
  process.on('exit', cleanupNow);
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.once(signal, () => {
      cleanupNow();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

module.exports = { trackProcess, trackDir, removeDir, cleanupNow };
