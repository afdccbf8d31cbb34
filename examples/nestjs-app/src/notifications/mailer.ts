import { Injectable } from '@nestjs/common';

/** Sends mail. An interface, so organs get it by token: `@Inject(MAILER)`. */
export interface Mailer {
  send(to: string, subject: string): Promise<void>;
}

export const MAILER = 'MAILER';

/** One mail the outbox holds. */
export interface SentMail {
  readonly to: string;
  readonly subject: string;
}

/** The example's mailer: keeps what it sends in an outbox (a real one would call an SMTP service). */
@Injectable()
export class OutboxMailer implements Mailer {
  readonly outbox: SentMail[] = [];

  async send(to: string, subject: string): Promise<void> {
    this.outbox.push({ to, subject });
  }
}
