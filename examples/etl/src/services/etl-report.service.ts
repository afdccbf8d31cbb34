import type { DataTransformed } from '../events';

/** Where the pipeline's last organ leaves its result for the program: the data, or why it failed. */
export class EtlReport {
  private data: DataTransformed | undefined;
  private failure: string | undefined;

  complete(data: DataTransformed): void {
    this.data = data;
  }

  fail(reason: string): void {
    this.failure = reason;
  }

  get result(): DataTransformed | undefined {
    return this.data;
  }

  get failureReason(): string | undefined {
    return this.failure;
  }
}
