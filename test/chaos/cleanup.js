'use strict';
// What the harness must undo however it ends (normally, on an error, on SIGINT/SIGTERM, or at
// process exit): the processes it started, killed by their pid, its temporary directories, and
// whatever else it created (a PostgreSQL schema), each by a synchronous undo.
const { rmSync } = require('node:fs');

/** @type {Map<number, string>} pid → what it is, for the started processes still running */
const running = new Map();
/** @type {Set<string>} */
const dirs = new Set();
/** @type {Set<() => void>} */
const undos = new Set();
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

/**
 * Remembers a synchronous undo to run if the harness ends before it cleaned up itself.
 * @param {() => void} undo @returns {() => void} forgets it (once cleaned up normally)
 */
function trackUndo(undo) {
  undos.add(undo);
  installHandlers();
  return () => undos.delete(undo);
}

/** Deletes a tracked directory now. */
function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

/** SIGKILLs every tracked process still running (SIGCONT first, for stopped ones), deletes the directories, runs the undos. Synchronous. */
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
  for (const undo of [...undos]) {
    undos.delete(undo);
    undo();
  }
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

module.exports = { trackProcess, trackDir, trackUndo, removeDir, cleanupNow };
