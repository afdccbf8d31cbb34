import { BACKEND } from '@necrostack/core';
import { Inject } from '@nestjs/common';

/**
 * Injects the backend `NecroStackModule` was given (the `BACKEND` token of `@necrostack/core`,
 * which Nest's `@Inject(BACKEND)` accepts too). Type the parameter as `Publisher` where the class
 * only sends events.
 *
 * @example
 * ```ts
 * @Controller('orders')
 * class OrdersController {
 *   constructor(@InjectBackend() private readonly publisher: Publisher) {}
 *
 *   @Post()
 *   async place(@Body() order: PlaceOrderDto) {
 *     await this.publisher.enqueue(new Event('ORDER_PLACED', { ...order }));
 *   }
 * }
 * ```
 */
export function InjectBackend(): PropertyDecorator & ParameterDecorator {
  return Inject(BACKEND);
}
