import { IsOptional, IsString, MaxLength } from 'class-validator';

export const MAX_TEXT_LENGTH = 200;

/** SUMMON_RITUAL: every field optional; the organs fall back to the original's defaults. */
export class SummonRitualDto {
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT_LENGTH)
  ritual?: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT_LENGTH)
  spirit_name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT_LENGTH)
  question?: string;
}
