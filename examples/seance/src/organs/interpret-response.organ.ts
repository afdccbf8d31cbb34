import { Event, ListensTo, Organ } from '@necrostack/core';
import { ANSWER_GENERATED, OMEN_REVEALED, type AnswerGenerated, type OmenRevealed } from '../events';

/** How much of the answer the interpretation quotes, in characters (code points, as Python counts). */
export const QUOTE_LENGTH = 50;

/** Reads an omen into the spirit's answer, quoting the answer's first 50 characters. */
@Organ()
@ListensTo(ANSWER_GENERATED)
export class InterpretResponse {
  handle(event: Event<AnswerGenerated>): Event<OmenRevealed> {
    const spirit = event.payload.spirit_name ?? 'Unknown Spirit';
    const answer = event.payload.answer ?? '';
    return new Event<OmenRevealed>(OMEN_REVEALED, {
      spirit_name: spirit,
      original_answer: answer,
      omen: `The words of ${spirit} foretell: A great change approaches.`,
      interpretation: interpret(answer),
    });
  }
}

function interpret(answer: string): string {
  const advice = 'The spirits suggest patience and vigilance.';
  if (answer === '') return advice;
  const chars = Array.from(answer);
  const quoted = chars.slice(0, QUOTE_LENGTH).join('') + (chars.length > QUOTE_LENGTH ? '...' : '');
  return `${advice} (Based on: ${quoted})`;
}
