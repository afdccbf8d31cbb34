import { Module } from '@nestjs/common';
import { OrdersController } from './orders.controller';

/** Takes orders over HTTP. It publishes; it has no organ. */
@Module({ controllers: [OrdersController] })
export class OrdersModule {}
