/** An input an example cannot use; the message names the file (or flag) and the problem. */
export class InputError extends Error {
  constructor(readonly source: string, detail: string, options: { cause?: unknown } = {}) {
    super(`${source}: ${detail}`, options);
    this.name = 'InputError';
  }
}
