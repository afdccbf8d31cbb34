// The organs of the throughput worker processes, in a module of their own: a worker loads only these
// (not the in-memory scenarios and their peers), so that it starts quickly.
import { Event, ListensTo, Organ } from '@necrostack/core';
import { ChainDto } from '../memory/chain-necrostack';

/** The organ of the throughput workers: async, as a real handler doing I/O would be. */
@Organ({ name: 'NoOp' })
@ListensTo('BENCH')
export class NoOp {
  count = 0;
  async handle(): Promise<void> {
    this.count++;
  }
}

/** The same organ with a two-property DTO (the in-memory chain's), validated before it runs. */
@Organ({ name: 'NoOp' })
@ListensTo('BENCH', { payload: ChainDto })
export class NoOpDto {
  count = 0;
  async handle(event: Event<ChainDto>): Promise<void> {
    if (event.payload.n >= -1) this.count++;
  }
}
