import { BackendUnavailableError } from '../errors';
import { backoffDelay } from '../internal/backoff';
import { maskSecrets } from '../logging/mask-secrets';

/**
 * Counts backend failures in a row. Each failure earns a growing pause; after `maxFailures` in a
 * row the circuit is open: `run()` gives up with BackendUnavailableError, a worker keeps probing
 * at the longest pause until the backend answers again.
 */
export class CircuitBreaker {
  private consecutive = 0;

  constructor(
    private readonly maxFailures: number,
    private readonly baseDelayMs: number,
  ) {}

  get isOpen(): boolean {
    return this.consecutive >= this.maxFailures;
  }

  success(): void {
    this.consecutive = 0;
  }

  /** Records a failure and returns how long to pause before the next try. */
  failure(): number {
    this.consecutive++;
    return backoffDelay(Math.max(this.baseDelayMs, 1), this.consecutive);
  }

  openError(cause: unknown): BackendUnavailableError {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new BackendUnavailableError(
      `Backend failed ${this.consecutive} times in a row: ${maskSecrets(reason)}`,
      { cause, help: 'Check that the backend is reachable; raise maxConsecutiveBackendFailures to wait longer.' },
    );
  }
}
