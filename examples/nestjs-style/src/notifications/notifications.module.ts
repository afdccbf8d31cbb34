import type { DependencyContainer } from 'tsyringe';
import type { AppModuleDefinition } from '../module-definition';
import { NotificationsOrgan } from './notifications.organ';
import { InMemoryOutboxRepository, OUTBOX_REPOSITORY, type OutboxRepository } from './outbox.repository';

/** Notifications: the outbox and the organ that fills it. */
export const NotificationsModule: AppModuleDefinition = {
  name: 'notifications',
  register(app: DependencyContainer): void {
    app.registerSingleton<OutboxRepository>(OUTBOX_REPOSITORY, InMemoryOutboxRepository);
    app.registerSingleton(NotificationsOrgan);
  },
};
