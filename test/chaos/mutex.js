'use strict';
// One thing at a time: a Redis restart never cuts a publish batch in half (the harness is the
// producer here, not the system under test, and a half-written batch retried would duplicate).

class Mutex {
  #tail = Promise.resolve();

  /** Runs `work` once everything queued before it has finished. @template T @param {() => Promise<T>} work @returns {Promise<T>} */
  run(work) {
    const result = this.#tail.then(work);
    this.#tail = result.then(() => undefined, () => undefined);
    return result;
  }
}

module.exports = { Mutex };
