import { Event, ListensTo, Organ } from '@necrostack/core';
import { DATA_TRANSFORMED, ETL_FAILED, type DataTransformed, type EtlFailed } from '../events';
import { EtlReport } from '../services/etl-report.service';

/**
 * Export: the end of the pipeline. Where the original printed its summary from here, this organ
 * hands the result to the injected {@link EtlReport}; the program prints it (readable or JSON).
 */
@Organ()
export class ExportSummary {
  constructor(private readonly report: EtlReport) {}

  @ListensTo(DATA_TRANSFORMED)
  export(event: Event<DataTransformed>): void {
    this.report.complete(event.payload);
  }

  @ListensTo(ETL_FAILED)
  fail(event: Event<EtlFailed>): void {
    this.report.fail(event.payload.reason);
  }
}
