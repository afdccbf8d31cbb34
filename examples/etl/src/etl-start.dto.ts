import { IsNotEmpty, IsString } from 'class-validator';

/** ETL_START: the CSV text to load and the name it is reported under. */
export class EtlStartDto {
  @IsString()
  csv_data!: string;

  @IsString()
  @IsNotEmpty()
  source_name!: string;
}
