/** What the séance manifested: ManifestEffect leaves it here for the program to print. */
export interface Manifestation {
  readonly spiritName: string;
  readonly omen: string;
  readonly interpretation: string;
  /** The physical effect, chosen with the seeded generator. */
  readonly effect: string;
  /** The original's closing block, exactly as it printed it. */
  readonly output: string;
}

/** Where the last organ leaves its result (the original kept it on the organ, as `last_output`). */
export class SeanceRecord {
  private last: Manifestation | undefined;

  record(manifestation: Manifestation): void {
    this.last = manifestation;
  }

  get manifestation(): Manifestation | undefined {
    return this.last;
  }
}
