import { Event, ListensTo, Organ } from '@necrostack/core';
import { OMEN_REVEALED, type OmenRevealed } from '../events';
import { SeanceRecord } from '../services/seance-record.service';
import { SeededRandom } from '../services/seeded-random';

/** The physical effects a séance may end with; the seeded generator picks one. */
export const EFFECTS: readonly string[] = [
  'The candles gutter and burn blue.',
  'A cold draught crosses the room.',
  'The planchette slides to GOODBYE.',
  'Three knocks sound from inside the wall.',
  'The mirror fogs, then clears.',
  'A bell rings somewhere in the empty house.',
];

const RULE = '='.repeat(50);

/** Ends the séance: the original's closing block, and an effect chosen with the seeded generator. */
@Organ()
@ListensTo(OMEN_REVEALED)
export class ManifestEffect {
  constructor(private readonly random: SeededRandom, private readonly record: SeanceRecord) {}

  handle(event: Event<OmenRevealed>): void {
    const spiritName = event.payload.spirit_name ?? 'Unknown Spirit';
    const omen = event.payload.omen ?? 'No omen revealed';
    const interpretation = event.payload.interpretation ?? '';
    const output = `\n${RULE}\n🔮 SÉANCE COMPLETE 🔮\n${RULE}\nSpirit: ${spiritName}\nOmen: ${omen}\n` +
      `Interpretation: ${interpretation}\n${RULE}\n`;
    this.record.record({ spiritName, omen, interpretation, effect: this.random.pick(EFFECTS), output });
  }
}
