/** An input the ETL cannot load; the message names the file and the problem. */
export class InputError extends Error {
  constructor(readonly file: string, detail: string, options: { cause?: unknown } = {}) {
    super(`${file}: ${detail}`, options);
    this.name = 'InputError';
  }
}
