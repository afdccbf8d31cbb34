import { Event, ListensTo, Organ } from '@necrostack/core';
import { ANSWER_GENERATED, SPIRIT_APPEARED, type AnswerGenerated, type SpiritAppeared } from '../events';
import { DEFAULT_QUESTION } from './summon-spirit.organ';

/** Asks the spirit the question; the spirit's answer is the original's (a fixed prophecy). */
@Organ()
@ListensTo(SPIRIT_APPEARED)
export class AskQuestion {
  handle(event: Event<SpiritAppeared>): Event<AnswerGenerated> {
    const spirit = event.payload.spirit_name ?? 'Unknown Spirit';
    const question = event.payload.question ?? DEFAULT_QUESTION;
    const answer = `The ${spirit} speaks in response to '${question}': 'The path you seek lies within shadows and light.'`;
    return new Event<AnswerGenerated>(ANSWER_GENERATED, { spirit_name: spirit, question, answer });
  }
}
