import { IsString } from 'class-validator';
import { OrderRefDto } from './order.dto';

/** PAYMENT_FAILED: which order, and why. */
export class PaymentFailedDto extends OrderRefDto {
  @IsString()
  reason!: string;
}

/** INVENTORY_FAILED: which order, and why. */
export class InventoryFailedDto extends OrderRefDto {
  @IsString()
  reason!: string;
}
