import { IsIn, IsInt, IsNumber, IsPositive, IsString, Min } from 'class-validator';
import { SYMBOLS } from '../events';

/** TRADE_EXECUTED: one match between an incoming order and a resting one, at the resting order's price. */
export class TradeExecutedDto {
  @IsString()
  trade_id!: string;

  @IsIn(SYMBOLS)
  symbol!: string;

  @IsNumber()
  @IsPositive()
  price!: number;

  @IsInt()
  @Min(1)
  quantity!: number;

  @IsString()
  buyer_id!: string;

  @IsString()
  buyer_order!: string;

  @IsString()
  seller_id!: string;

  @IsString()
  seller_order!: string;
}

/** SETTLEMENT_COMPLETE: a trade the clearing house settled, with its value and fee. */
export class SettlementCompleteDto {
  @IsString()
  trade_id!: string;

  @IsIn(SYMBOLS)
  symbol!: string;

  @IsString()
  buyer_id!: string;

  @IsString()
  seller_id!: string;

  @IsInt()
  @Min(1)
  quantity!: number;

  @IsNumber()
  @IsPositive()
  price!: number;

  @IsNumber()
  total_value!: number;

  @IsNumber()
  settlement_fee!: number;
}
