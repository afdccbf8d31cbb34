import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsPositive, IsString, IsUUID, Matches, Max, Min, ValidateIf } from 'class-validator';
import { MAX_PRICE, MAX_QUANTITY, ORDER_TYPES, SIDES, SYMBOLS, type OrderType, type Side } from '../events';

/** Trims a string and, with `upper`, upper-cases it; leaves anything else for the validators to reject. */
function normalised(upper: boolean) {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    return upper ? value.trim().toUpperCase() : value.trim();
  });
}

/** ORDER_SUBMITTED: one order as a trader sent it, untrusted. `symbol`, `side`, `order_type` are case-insensitive. */
export class OrderDto {
  @normalised(false)
  @IsString({ message: 'trader_id is required' })
  @Matches(/\S/, { message: 'trader_id is required' })
  trader_id!: string;

  @normalised(true)
  @IsIn(SYMBOLS, { message: `symbol must be one of ${SYMBOLS.join(', ')}` })
  symbol!: string;

  @normalised(true)
  @IsIn(SIDES, { message: `side must be ${SIDES.join(' or ')}` })
  side!: Side;

  @normalised(true)
  @IsIn(ORDER_TYPES, { message: `order_type must be ${ORDER_TYPES.join(' or ')}` })
  order_type!: OrderType;

  @IsInt({ message: 'quantity must be a positive integer' })
  @Min(1, { message: 'quantity must be a positive integer' })
  @Max(MAX_QUANTITY, { message: `quantity exceeds the maximum of ${MAX_QUANTITY}` })
  quantity!: number;

  /** The limit price; ignored (and not checked) for a MARKET order. */
  @ValidateIf((order: OrderDto) => order.order_type === 'LIMIT')
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'a LIMIT order needs a positive price' })
  @IsPositive({ message: 'a LIMIT order needs a positive price' })
  @Max(MAX_PRICE, { message: `price exceeds the maximum of ${MAX_PRICE}` })
  price?: number | null;
}

/** ORDER_VALIDATED: an order that passed validation, normalised, named by the id of its ORDER_SUBMITTED event. */
export class ValidatedOrderDto extends OrderDto {
  @IsUUID()
  order_id!: string;
}
