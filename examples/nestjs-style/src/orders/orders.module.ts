import type { DependencyContainer } from 'tsyringe';
import type { AppModuleDefinition } from '../module-definition';
import { OrderOrgans } from './order.organs';
import { InMemoryOrdersRepository, ORDERS_REPOSITORY, type OrdersRepository } from './orders.repository';

/** Orders: the repository (exported to the other modules through its token) and the order organs. */
export const OrdersModule: AppModuleDefinition = {
  name: 'orders',
  register(app: DependencyContainer): void {
    app.registerSingleton<OrdersRepository>(ORDERS_REPOSITORY, InMemoryOrdersRepository);
    app.registerSingleton(OrderOrgans);
  },
};
