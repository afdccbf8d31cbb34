import { Controller, Get, Inject } from '@nestjs/common';
import { MAILER, type OutboxMailer, type SentMail } from './mailer';

/** `GET /notifications`: the mails sent so far. */
@Controller('notifications')
export class NotificationsController {
  constructor(@Inject(MAILER) private readonly mailer: OutboxMailer) {}

  @Get()
  list(): SentMail[] {
    return this.mailer.outbox;
  }
}
