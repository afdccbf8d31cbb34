import { setTimeout as sleep } from 'node:timers/promises';
import type { Channel } from '../events';

/** A simulated provider outage: the first `failures` attempts of each delivery on the pair fail. */
export interface GatewayFault {
  readonly channel: Channel;
  readonly user_id: string;
  readonly failures: number;
  readonly reason: string;
}

/** Options of {@link DeliveryGateway}. */
export interface DeliveryGatewayOptions {
  readonly faults?: readonly GatewayFault[];
  /** Simulated provider latency per call. */
  readonly latencyMs?: number;
}

export const DEFAULT_LATENCY_MS = 2;

/** One message handed to a provider. */
export interface OutboundMessage {
  readonly notificationId: string;
  readonly userId: string;
  readonly channel: Channel;
  readonly to: string;
  readonly body: string;
}

/** The provider's acknowledgement. */
export interface Receipt {
  readonly receiptId: string;
  /** Which call for this delivery succeeded (1 on the first try). */
  readonly attempt: number;
}

/** A provider failure that may pass: the organ throws it so the Spine retries the delivery. */
export class GatewayError extends Error {
  constructor(readonly channel: Channel, readonly attempt: number, reason: string) {
    super(`${channel} provider failed on attempt ${attempt}: ${reason}`);
    this.name = 'GatewayError';
  }
}

/**
 * The simulated email/SMS/push providers. Deterministic: failures come from the fault list in the
 * directory file, never from chance, so a run's counts are always the same.
 */
export class DeliveryGateway {
  private readonly faults: readonly GatewayFault[];
  private readonly latencyMs: number;
  private readonly attempts = new Map<string, number>();
  private sent = 0;

  constructor(options: DeliveryGatewayOptions = {}) {
    this.faults = options.faults ?? [];
    this.latencyMs = options.latencyMs ?? DEFAULT_LATENCY_MS;
  }

  /** @throws GatewayError when a fault in the list covers this attempt. */
  async send(message: OutboundMessage): Promise<Receipt> {
    const key = `${message.channel}:${message.notificationId}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    const fault = this.faults.find((f) => f.channel === message.channel && f.user_id === message.userId);
    if (fault && attempt <= fault.failures) throw new GatewayError(message.channel, attempt, fault.reason);
    this.sent++;
    return { receiptId: `${message.channel}-${String(this.sent).padStart(4, '0')}`, attempt };
  }
}
