import { Event } from '@necrostack/core';

/** One line of the fleet's record (test/fixtures/worker.ts with `steps: true`), or a crash marker of the test. */
type Line =
  | { readonly kind: 'S' | 'E' | 'F'; readonly key: string; readonly seq: number; readonly worker: string }
  | { readonly kind: 'K'; readonly worker: string };

/** What a replay of the record found. */
export interface FleetReplay {
  /** Starts of a key's handler while another handler of the key (of a live worker) had not ended. */
  readonly overlaps: string[];
  /** Each key's seqs in the order their handlers started, repeats collapsed (a retry right after its try). */
  readonly order: Map<string, number[]>;
  /** Starts of an event that had already been handled successfully (an `E`), with whether a crash came between. */
  readonly repeats: { readonly what: string; readonly afterCrashOf: string | undefined }[];
  /** `key seq` of every event handled successfully at least once. */
  readonly handled: Set<string>;
  /** Successful handlings per worker. */
  readonly byWorker: Map<string, number>;
}

/** The marker the test appends to the record once it saw a worker die (SIGKILL). */
export function crashMarker(worker: string): string {
  return `K ${worker}`;
}

/**
 * Replays the record in Redis's order: the handlers that were running, per key; a crash marker ends
 * the dead worker's. Uses no clock: the order of the list is the order Redis received the lines in.
 */
export function replayFleet(lines: readonly string[]): FleetReplay {
  const active = new Map<string, Set<string>>(); // key → "worker seq" running
  const overlaps: string[] = [];
  const order = new Map<string, number[]>();
  const repeats: { what: string; afterCrashOf: string | undefined }[] = [];
  const handled = new Set<string>();
  const handledBy = new Map<string, string>();
  const byWorker = new Map<string, number>();
  const dead = new Set<string>();
  for (const line of lines.map(parse)) {
    if (line.kind === 'K') {
      dead.add(line.worker);
      for (const running of active.values()) for (const r of running) if (r.startsWith(`${line.worker} `)) running.delete(r);
      continue;
    }
    const what = `${line.key} ${line.seq}`;
    const running = active.get(line.key) ?? new Set<string>();
    active.set(line.key, running);
    if (line.kind === 'S') {
      if (running.size > 0) overlaps.push(`${line.worker} started ${what} while ${[...running].join(', ')} ran`);
      running.add(`${line.worker} ${line.seq}`);
      const seqs = order.get(line.key) ?? [];
      if (seqs[seqs.length - 1] !== line.seq) seqs.push(line.seq);
      order.set(line.key, seqs);
      if (handled.has(what)) {
        const first = handledBy.get(what) as string;
        repeats.push({ what, afterCrashOf: dead.has(first) ? first : undefined });
      }
    } else {
      running.delete(`${line.worker} ${line.seq}`);
      if (line.kind === 'E') {
        if (!handled.has(what)) handledBy.set(what, line.worker);
        handled.add(what);
        byWorker.set(line.worker, (byWorker.get(line.worker) ?? 0) + 1);
      }
    }
  }
  return { overlaps, order, repeats, handled, byWorker };
}

/** `steps` STEP events per key (seq 0 … steps − 1), keyed by correlation id, in seq order per key. */
export function fleetEvents(keyCount: number, steps: number): { expected: string[]; events: Event<{ key: string; seq: number }>[] } {
  const keys = Array.from({ length: keyCount }, (_, i) => `key-${i}`);
  const seqs = Array.from({ length: steps }, (_, seq) => seq);
  return {
    expected: keys.flatMap((key) => seqs.map((seq) => `${key} ${seq}`)),
    // Step by step over the keys, so the keys' steps are spread over the whole run.
    events: seqs.flatMap((seq) => keys.map((key) => new Event('STEP', { key, seq }, { correlationId: key }))),
  };
}

function parse(text: string): Line {
  const [kind, a, b, c] = text.split(' ') as [string, string, string?, string?];
  if (kind === 'K') return { kind, worker: a };
  return { kind: kind as 'S' | 'E' | 'F', key: a, seq: Number(b), worker: c as string };
}
