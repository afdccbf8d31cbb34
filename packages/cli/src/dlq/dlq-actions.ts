import { replayRefusal as redisRefusal } from '@necrostack/backend-redis';
import type { FailedEvent, RefusedReplay } from '@necrostack/core';
import type { DlqFlags } from '../commands/dlq';
import { deadLetterStoreOf, withDurableBackend, type DurableBackend } from '../config/backend';
import { CliError, EXIT_USAGE } from '../output/cli-error';
import { confirm } from '../output/confirm';
import { deadLetterTable, toView } from './format-dead-letters';

/** `necro dlq list`: a table, or a JSON array with --json; on Redis or PostgreSQL, as every `necro dlq` command. */
export function list(flags: DlqFlags): Promise<void> {
  return withDurableBackend(flags, 'dlq list', async (backend) => {
    const letters = byOrgan(await backend.deadLetters.getAll(), flags.organ);
    process.stdout.write(flags.json ? `${JSON.stringify(letters.map(toView), null, 2)}\n` : deadLetterTable(letters));
  });
}

/** `necro dlq show ID`. @throws CliError when there is no such dead letter. */
export function show(id: string, flags: DlqFlags): Promise<void> {
  return withDurableBackend(flags, 'dlq show', async (backend) => {
    process.stdout.write(`${JSON.stringify(toView(await find(backend, id)), null, 2)}\n`);
  });
}

/** `necro dlq replay`: to the group that failed each dead letter. */
export function replay(flags: DlqFlags): Promise<void> {
  return withDurableBackend(flags, 'dlq replay', (backend) => replayWith(backend, flags));
}

/**
 * `necro dlq purge`: every dead letter, or one organ's (`--organ`, deleted by id, so what arrives
 * meanwhile stays); `--dry-run` lists them; asks first unless --yes.
 */
export function purge(flags: DlqFlags): Promise<void> {
  return withDurableBackend(flags, 'dlq purge', async (backend) => {
    const whose = flags.organ === undefined ? '' : ` of organ ${flags.organ}`;
    // Purging everything needs only the count; a selection or a listing needs the letters.
    const letters = flags.organ !== undefined || flags.dryRun ? byOrgan(await backend.deadLetters.getAll(), flags.organ) : undefined;
    const count = letters?.length ?? (await backend.deadLetters.refresh()).size;
    if (count === 0) return void process.stdout.write(`No dead letters${whose}.\n`);
    if (letters && flags.dryRun) return void process.stdout.write(`${deadLetterTable(letters)}Would delete ${count} dead letter(s)${whose}.\n`);
    if (!flags.yes && !(await confirm(`Delete ${count} dead letter(s)${whose} from ${deadLetterStoreOf(backend)}?`))) {
      return void process.stdout.write('Nothing deleted.\n');
    }
    const deleted = letters ? await backend.deadLetters.delete(letters.map((l) => l.id)) : await clearAll(backend, count);
    process.stdout.write(`Deleted ${deleted} dead letter(s)${whose}.\n`);
  });
}

async function clearAll(backend: DurableBackend, count: number): Promise<number> {
  await backend.deadLetters.clear();
  return count;
}

function byOrgan(letters: readonly FailedEvent[], organ: string | undefined): FailedEvent[] {
  return organ === undefined ? [...letters] : letters.filter((l) => l.organ === organ);
}

async function find(backend: DurableBackend, id: string): Promise<FailedEvent> {
  const letter = (await backend.deadLetters.getAll()).find((l) => l.id === id);
  if (!letter) throw new CliError(`No dead letter with id '${id}' in ${deadLetterStoreOf(backend)}`, { help: 'list the ids with necro dlq list' });
  return letter;
}

async function replayWith(backend: DurableBackend, flags: DlqFlags): Promise<void> {
  if (!flags.all && flags.organ === undefined && flags.id === undefined) {
    throw new CliError('Say which dead letters to replay', { exitCode: EXIT_USAGE, help: 'pass --organ NAME, --id ID or --all' });
  }
  let selected = byOrgan(await backend.deadLetters.getAll(), flags.organ);
  if (flags.id !== undefined) {
    selected = selected.filter((l) => l.id === flags.id);
    if (selected.length === 0) {
      const other = await find(backend, flags.id); // throws when there is no such dead letter
      throw new CliError(`Dead letter ${flags.id} belongs to organ ${other.organ ?? '(none)'}, not ${flags.organ}`, { help: 'drop --organ, or fix it' });
    }
  }
  const replayable = selected.filter((l) => l.event !== undefined);
  const refused = selected.filter((l) => l.event === undefined).map((l) => ({ id: l.id, organ: l.organ, reason: refusalOf(backend, l) }));
  if (flags.dryRun) {
    process.stdout.write(deadLetterTable(replayable));
    process.stdout.write(`Would replay ${replayable.length} dead letter(s)${refusedCount(refused)}.\n${refusedLines(refused)}`);
    return;
  }
  const report = await backend.deadLetters.replayWithReport({ organ: flags.organ, id: flags.id });
  process.stdout.write(`Replayed ${report.replayed} dead letter(s)${refusedCount(report.refused)}.\n${refusedLines(report.refused)}`);
}

/** Why the backend's `replayWithReport` will refuse this dead letter (its event is undefined). */
function refusalOf(backend: DurableBackend, letter: FailedEvent): string {
  if ('keys' in backend) return redisRefusal(letter);
  // Loaded already: the backend is a PostgresBackend.
  return (require('@necrostack/backend-postgres') as typeof import('@necrostack/backend-postgres')).replayRefusal(letter);
}

function refusedCount(refused: readonly RefusedReplay[]): string {
  return refused.length > 0 ? `; ${refused.length} cannot be replayed and stay (see necro dlq show)` : '';
}

function refusedLines(refused: readonly RefusedReplay[]): string {
  return refused.map((r) => `  ${r.id} (${r.organ ?? 'no organ'}): ${r.reason}\n`).join('');
}
