import { BackendUnavailableError } from '../errors';
import { backoffDelay } from '../internal/backoff';
import { maskSecrets } from '../logging/mask-secrets';

/** What the Spine asks of its backend; each counts its failures in a row on its own. */
export type BackendOperation = 'subscribe' | 'pull' | 'settle';

/**
 * Counts backend failures in a row, per operation: pulls that work do not hide settlements that
 * keep failing (Redis refusing writes while it still serves reads). Each failure earns a growing
 * pause; after `maxFailures` in a row of one operation the circuit is open: `run()` gives up with
 * BackendUnavailableError, a worker keeps probing at the longest pause until the backend answers.
 */
export class CircuitBreaker {
  private readonly consecutive: Record<BackendOperation, number> = { subscribe: 0, pull: 0, settle: 0 };

  constructor(
    private readonly maxFailures: number,
    private readonly baseDelayMs: number,
  ) {}

  get isOpen(): boolean {
    return this.worst >= this.maxFailures;
  }

  /** Whether the last call of `operation` failed. */
  failing(operation: BackendOperation): boolean {
    return this.consecutive[operation] > 0;
  }

  success(operation: BackendOperation): void {
    this.consecutive[operation] = 0;
  }

  /** Records a failure and returns how long to pause before the next try. */
  failure(operation: BackendOperation): number {
    this.consecutive[operation]++;
    return backoffDelay(Math.max(this.baseDelayMs, 1), this.consecutive[operation]);
  }

  openError(cause: unknown): BackendUnavailableError {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new BackendUnavailableError(
      `Backend failed ${this.worst} times in a row: ${maskSecrets(reason)}`,
      { cause, help: 'Check that the backend is reachable; raise maxConsecutiveBackendFailures to wait longer.' },
    );
  }

  private get worst(): number {
    return Math.max(this.consecutive.subscribe, this.consecutive.pull, this.consecutive.settle);
  }
}
