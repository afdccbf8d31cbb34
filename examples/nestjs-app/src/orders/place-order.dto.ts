import { IsEmail, IsInt, IsString, Length, Max, Min } from 'class-validator';

/**
 * An order as `POST /orders` takes it: Nest's ValidationPipe checks the request body against it
 * (400 with every failing property), and billing's organ declares it as the ORDER_PLACED payload,
 * so an event from any other producer is checked the same way before the organ sees it.
 */
export class PlaceOrderDto {
  @IsEmail() customerEmail!: string;
  @IsString() @Length(1, 64) sku!: string;
  @IsInt() @Min(1) @Max(100) quantity!: number;
  @IsInt() @Min(1) unitPriceCents!: number;
}
