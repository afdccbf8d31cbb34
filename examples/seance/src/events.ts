/**
 * The séance's event types, in flow order, and their payloads (snake_case keys, as in the
 * original Python NecroStack's wire format).
 */
export const SUMMON_RITUAL = 'SUMMON_RITUAL';
export const SPIRIT_APPEARED = 'SPIRIT_APPEARED';
export const ANSWER_GENERATED = 'ANSWER_GENERATED';
export const OMEN_REVEALED = 'OMEN_REVEALED';

/** SPIRIT_APPEARED. `question` is carried on here (the original dropped it at this step). */
export interface SpiritAppeared {
  readonly spirit_name: string;
  readonly summoned_by: string;
  readonly message: string;
  readonly question: string;
}

/** ANSWER_GENERATED. */
export interface AnswerGenerated {
  readonly spirit_name: string;
  readonly question: string;
  readonly answer: string;
}

/** OMEN_REVEALED. */
export interface OmenRevealed {
  readonly spirit_name: string;
  readonly original_answer: string;
  readonly omen: string;
  readonly interpretation: string;
}
