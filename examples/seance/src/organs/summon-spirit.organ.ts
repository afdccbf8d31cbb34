import { Event, ListensTo, Organ } from '@necrostack/core';
import { SPIRIT_APPEARED, SUMMON_RITUAL, type SpiritAppeared } from '../events';
import { SummonRitualDto } from '../summon-ritual.dto';

export const DEFAULT_QUESTION = 'What wisdom do you bring?';

/** Summons the spirit the ritual names. */
@Organ()
@ListensTo(SUMMON_RITUAL, { payload: SummonRitualDto })
export class SummonSpirit {
  handle(event: Event<SummonRitualDto>): Event<SpiritAppeared> {
    const ritual = event.payload.ritual ?? 'unknown ritual';
    const spirit = event.payload.spirit_name ?? 'Ancient One';
    return new Event<SpiritAppeared>(SPIRIT_APPEARED, {
      spirit_name: spirit,
      summoned_by: ritual,
      message: `The spirit '${spirit}' has been summoned through ${ritual}.`,
      question: event.payload.question ?? DEFAULT_QUESTION,
    });
  }
}
