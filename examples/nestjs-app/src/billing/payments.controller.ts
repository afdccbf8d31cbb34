import { Controller, Get } from '@nestjs/common';
import { PaymentsService, type Payment } from './payments.service';

/** `GET /payments`: what billing charged. */
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get()
  list(): Payment[] {
    return this.payments.all();
  }
}
