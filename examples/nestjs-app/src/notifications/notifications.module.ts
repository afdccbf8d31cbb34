import { Module } from '@nestjs/common';
import { MAILER, OutboxMailer } from './mailer';
import { NotificationsController } from './notifications.controller';
import { NotifyCustomer } from './notify-customer.organ';

/** Mails customers. The mailer is provided under a token; the organ injects it with @Inject(MAILER). */
@Module({ providers: [{ provide: MAILER, useClass: OutboxMailer }, NotifyCustomer], controllers: [NotificationsController] })
export class NotificationsModule {}
