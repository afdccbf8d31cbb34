import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsEmail, IsInt, IsString, Matches, Min, ValidateNested } from 'class-validator';

/** One line of ORDER_PLACED. */
export class OrderLineDto {
  @IsString()
  @Matches(/^[A-Z]+-\d+$/, { message: 'sku must look like WIDGET-1' })
  sku!: string;

  @IsInt()
  @Min(1, { message: 'quantity must be at least 1' })
  quantity!: number;

  @IsInt()
  @Min(0)
  unit_price_cents!: number;
}

/** ORDER_PLACED: an order as a client sent it, untrusted. */
export class PlaceOrderDto {
  @Matches(/^ord-\d+$/, { message: 'order_id must look like ord-1001' })
  order_id!: string;

  @IsEmail()
  customer_email!: string;

  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines!: OrderLineDto[];
}
