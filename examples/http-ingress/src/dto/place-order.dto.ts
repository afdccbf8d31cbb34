import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** The most units of one SKU a single order may ask for. */
export const MAX_QUANTITY = 100;

/**
 * The body of `POST /orders`, and the payload of ORDER_PLACED. The API checks it before anything is
 * enqueued; ReserveStock declares it too, so an event that reached the stream another way (redis-cli,
 * a Python producer) is checked again and dead-lettered when it does not match.
 */
export class PlaceOrderDto {
  @IsString({ message: 'customerId must be a string' })
  @Matches(/\S/, { message: 'customerId must not be empty' })
  @MaxLength(64, { message: 'customerId must be at most 64 characters' })
  customerId!: string;

  @IsString({ message: 'sku must be a string' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{2,31}$/, { message: 'sku must be 3 to 32 upper-case letters, digits or dashes, e.g. WIDGET-1' })
  sku!: string;

  @IsInt({ message: 'quantity must be an integer' })
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(MAX_QUANTITY, { message: `quantity must be at most ${MAX_QUANTITY}` })
  quantity!: number;
}
