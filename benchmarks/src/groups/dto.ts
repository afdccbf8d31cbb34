import { fmt } from '../lib/format';
import { alternate, type Contender } from '../harness/alternate';
import type { GroupRunner } from '../harness/group';
import { bareValidation, dtoOrgan } from '../memory/dto-organ';

function contenders(inputs: number): Contender[] {
  return [
    { key: 'necrostack-dto', label: 'NecroStack organ with OrderDto', run: async () => ({ events: await dtoOrgan(inputs) }) },
    {
      key: 'necrostack-dto-classic', label: 'NecroStack organ with OrderDto, compiledValidation: false',
      run: async () => ({ events: await dtoOrgan(inputs, { compiledValidation: false }) }),
    },
    { key: 'bare-validation', label: 'bare plainToInstance + validateSync', run: async () => ({ events: await bareValidation(inputs) }) },
  ];
}

/** The price of the framework around class-validator: one DTO organ vs the bare validation calls. */
export const dto: GroupRunner = {
  id: 'dto',
  section: 'memory',
  describe: (sizes) => ({
    title: 'In memory: one organ with a DTO',
    description:
      `One organ with a class-validator DTO (6 properties, 8 constraints), ${fmt(sizes.dtoInputs)} events fed through ` +
      '`backend.enqueue` as a producer in another process would (compiled validation, the default, and ' +
      '`compiledValidation: false`), vs the least any validating consumer does: ' +
      '`plainToInstance` + `validateSync` on the same payloads.',
    metrics: [{ key: 'events', label: 'events/s', unit: '', digits: 0, better: 'higher' }],
    ratios: [
      { metric: 'events', baseline: 'bare-validation', label: '× bare validation' },
      { metric: 'events', baseline: 'necrostack-dto-classic', label: '× compiledValidation: false' },
    ],
    chart: { kind: 'bars', file: 'dto.svg', metric: 'events' },
  }),
  steps: (sizes) => contenders(0).length * (sizes.rounds + 1),
  measure: (context) => alternate(context, 'DTO', contenders(context.sizes.dtoInputs), context.sizes.rounds),
};
