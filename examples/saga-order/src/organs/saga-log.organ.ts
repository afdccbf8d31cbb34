import { Event, ListensTo, Organ } from '@necrostack/core';
import { FLOW_ORDER } from '../events';
import { SagaJournal } from '../services/saga-journal.service';

/** Records every saga event in the journal (its own consumer group: it sees every event, whatever the steps do). */
@Organ()
@ListensTo(FLOW_ORDER)
export class SagaLog {
  constructor(private readonly journal: SagaJournal) {}

  handle(event: Event): void {
    this.journal.record(event.id, event.eventType);
  }
}
