import { Module } from '@nestjs/common';
import { ChargeOrder } from './charge-order.organ';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';

/** Charges orders. Its organ is a provider like any other: Nest builds it, NecroStack finds it. */
@Module({ providers: [PaymentsService, ChargeOrder], controllers: [PaymentsController] })
export class BillingModule {}
