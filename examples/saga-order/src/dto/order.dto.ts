import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CATALOG } from '../events';

/** Most lines in one order. */
export const MAX_LINES = 20;

/** One line of an order: a SKU of the catalog and how many. */
export class OrderLineDto {
  @IsIn(Object.keys(CATALOG), { message: `sku must be one of ${Object.keys(CATALOG).join(', ')}` })
  sku!: string;

  @IsInt({ message: 'quantity must be a positive integer' })
  @Min(1, { message: 'quantity must be a positive integer' })
  @Max(100)
  quantity!: number;
}

/** ORDER_PLACED: an order as the shop received it. */
export class OrderPlacedDto {
  @Matches(/^[\w-]{1,64}$/, { message: 'order_id must be 1–64 letters, digits, _ or -' })
  order_id!: string;

  @Matches(/^[\w-]{1,64}$/, { message: 'customer_id must be 1–64 letters, digits, _ or -' })
  customer_id!: string;

  @IsArray()
  @ArrayNotEmpty({ message: 'items must hold at least one line' })
  @ArrayMaxSize(MAX_LINES)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  items!: OrderLineDto[];
}

/** Every later step of the saga: which order it is about. The order itself is in the OrderRepository. */
export class OrderRefDto {
  @Matches(/^[\w-]{1,64}$/)
  order_id!: string;
}
