import type { SpineStats } from '@necrostack/core';
import type { Manifestation } from '../services/seance-record.service';

/** The result of a séance: what `--json` prints, and what the readable report is made from. */
export interface SeanceSummary {
  readonly ritual: string;
  readonly spirit: string;
  readonly question: string;
  readonly omen: string;
  readonly interpretation: string;
  readonly effect: string;
  readonly seed: number;
  /** The original's closing block, as printed. */
  readonly output: string;
  readonly events: { readonly processed: number; readonly emitted: number; readonly deadLettered: number };
}

/** What the run asked for. */
export interface SeanceRequest {
  readonly ritual: string;
  readonly spirit: string;
  readonly question: string;
  readonly seed: number;
}

/** The summary of a completed séance, from the request, what manifested and the Spine's counters. */
export function buildSummary(request: SeanceRequest, manifestation: Manifestation, stats: SpineStats): SeanceSummary {
  return {
    ritual: request.ritual,
    spirit: manifestation.spiritName,
    question: request.question,
    omen: manifestation.omen,
    interpretation: manifestation.interpretation,
    effect: manifestation.effect,
    seed: request.seed,
    output: manifestation.output,
    events: { processed: stats.eventsProcessed, emitted: stats.eventsEmitted, deadLettered: stats.eventsDeadLettered },
  };
}
