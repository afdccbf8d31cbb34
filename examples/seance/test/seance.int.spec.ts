import { Event } from '@necrostack/core';
import { runOrgans } from '@necrostack/testing';
import { SUMMON_RITUAL } from '../src/events';
import { AskQuestion, InterpretResponse, ManifestEffect, SummonSpirit } from '../src/organs';
import { EFFECTS } from '../src/organs/manifest-effect.organ';
import { runSeance } from '../src/seance';
import { SeanceRecord } from '../src/services/seance-record.service';
import { SeededRandom } from '../src/services/seeded-random';
import { formatSummary } from '../src/summary/format-summary';
import type { SeanceSummary } from '../src/summary/summary';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RULE = '='.repeat(50);

describe('a séance with the original defaults and seed 42', () => {
  let summary: SeanceSummary;

  beforeAll(async () => {
    summary = await runSeance();
  });

  it('prints the original closing block, word for word', () => {
    expect(summary.output).toBe([
      '',
      RULE,
      '🔮 SÉANCE COMPLETE 🔮',
      RULE,
      'Spirit: Ancient One',
      'Omen: The words of Ancient One foretell: A great change approaches.',
      // The answer's first 50 characters, then '...'.
      "Interpretation: The spirits suggest patience and vigilance. (Based on: The Ancient One speaks in response to 'What wisdom...)",
      RULE,
      '',
    ].join('\n'));
  });

  it('manifests the effect seed 42 picks, and says so', () => {
    expect(summary.effect).toBe('Three knocks sound from inside the wall.');
    expect(summary.seed).toBe(42);
    expect(formatSummary(summary)).toBe(`🕯️  Beginning the Séance... 🕯️\n${summary.output}\n` +
      'Effect: Three knocks sound from inside the wall. (seed 42)\nEvents: 4 processed by organs, 3 emitted by them, 0 dead-lettered\n');
  });

  it('runs the four organs once each, in order', () => {
    expect(summary).toMatchObject({ ritual: 'Midnight Invocation', spirit: 'Ancient One', question: 'What wisdom do you bring?' });
    expect(summary.events).toEqual({ processed: 4, emitted: 3, deadLettered: 0 });
  });

  it('gives the same séance on Redis as in memory', async () => {
    expect(await runSeance({ backend: REDIS_URL })).toEqual(summary);
  });
});

describe('the seed', () => {
  it('picks the same effect for the same seed, and another for another seed', async () => {
    const seven = await runSeance({ seed: 7 });
    expect(seven.effect).toBe('The candles gutter and burn blue.');
    expect((await runSeance({ seed: 7 })).effect).toBe(seven.effect);
  });

  it('drives a generator that repeats its sequence and stays in [0, 1)', () => {
    const draw = (seed: number) => Array.from({ length: 1000 }, (() => { const r = new SeededRandom(seed); return () => r.next(); })());
    const a = draw(123);
    expect(draw(123)).toEqual(a);
    expect(draw(124)).not.toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    const picks = new Set(Array.from({ length: 200 }, (_, i) => new SeededRandom(i).pick(EFFECTS)));
    expect(picks.size).toBe(EFFECTS.length); // every effect can be chosen
  });
});

describe('the questions asked', () => {
  it('carries the spirit, ritual and question through the chain', async () => {
    const summary = await runSeance({ spirit: 'Test Spirit', ritual: 'Test Ritual', question: 'Is it?' });
    expect(summary.output).toContain('Spirit: Test Spirit\nOmen: The words of Test Spirit foretell: A great change approaches.\n');
    const answer = "The Test Spirit speaks in response to 'Is it?': 'The path you seek lies within shadows and light.'";
    expect(summary.interpretation).toBe(`The spirits suggest patience and vigilance. (Based on: ${answer.slice(0, 50)}...)`);
  });

  it('falls back to the original defaults when the ritual says nothing', async () => {
    const record = new SeanceRecord();
    const organs = [new SummonSpirit(), new AskQuestion(), new InterpretResponse(), new ManifestEffect(new SeededRandom(1), record)];
    const run = await runOrgans(organs, [new Event(SUMMON_RITUAL, {})]);
    expect(run.emittedOfType('SPIRIT_APPEARED')[0]?.payload).toMatchObject({
      spirit_name: 'Ancient One', summoned_by: 'unknown ritual', message: "The spirit 'Ancient One' has been summoned through unknown ritual.",
    });
    expect(record.manifestation?.spiritName).toBe('Ancient One');
    expect(run.deadLetters).toEqual([]);
  });

  it('rejects a question longer than 200 characters, before any organ runs', async () => {
    await expect(runSeance({ question: 'x'.repeat(201) })).rejects.toThrow(/question \(maxLength: .*200 characters\)/);
  });
});
