import { Event, Spine } from '@necrostack/core';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ORDER_PLACED } from '../events';
import { PlaceOrderDto } from './place-order.dto';

/** The HTTP front door: a valid order becomes an ORDER_PLACED event; the organs do the rest. */
@Controller('orders')
export class OrdersController {
  constructor(private readonly spine: Spine) {}

  /** 202 with the order's id (the event's id) once the event is stored; 400 for an invalid body. */
  @Post()
  @HttpCode(202)
  async place(@Body() order: PlaceOrderDto): Promise<{ orderId: string }> {
    const event = new Event(ORDER_PLACED, { ...order });
    await this.spine.publish(event);
    return { orderId: event.id };
  }
}
