import { parseArgs } from 'node:util';

/** The flags every example takes. */
export interface ExampleArgs {
  /** Input file, when the example reads one. */
  readonly file: string | undefined;
  /** Print the JSON summary as the last line of stdout, logs to stderr. */
  readonly json: boolean;
  /** `memory` (default), a `redis://` / `rediss://` URL or a `postgres://` / `postgresql://` URL. */
  readonly backend: string;
  /** Seed of the example's pseudo-random choices. */
  readonly seed: number;
  /** The example's own flags, as given. */
  readonly extra: Readonly<Record<string, string | boolean | undefined>>;
}

/** Flags of one example beyond the shared ones: name → whether it takes a value. */
export type ExtraFlags = Readonly<Record<string, 'string' | 'boolean'>>;

/**
 * Reads `--file F --json --backend memory|redis://…|postgres://… --seed N` and the example's own flags.
 * @throws Error with a one-line message on an unknown flag or a bad value.
 */
export function parseExampleArgs(argv: readonly string[], extra: ExtraFlags = {}): ExampleArgs {
  const options = Object.fromEntries(Object.entries(extra).map(([name, type]) => [name, { type }]));
  const { values } = parseArgs({
    args: [...argv],
    options: {
      file: { type: 'string' }, json: { type: 'boolean' }, backend: { type: 'string' }, seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' }, ...options,
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(usage(extra));
    process.exit(0);
  }
  const backend = (values.backend as string | undefined) ?? process.env.NECRO_BACKEND ?? 'memory';
  if (backend !== 'memory' && !/^(rediss?|postgres(ql)?):\/\//.test(backend)) {
    throw new Error(`--backend must be "memory", a redis:// URL or a postgres:// URL, got ${JSON.stringify(backend)}`);
  }
  const seed = Number(values.seed ?? 42);
  if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer, got ${JSON.stringify(values.seed)}`);
  const own = Object.fromEntries(Object.keys(extra).map((name) => [name, (values as Record<string, string | boolean | undefined>)[name]]));
  return { file: values.file as string | undefined, json: values.json === true, backend, seed, extra: own };
}

function usage(extra: ExtraFlags): string {
  const own = Object.entries(extra).map(([name, type]) => `  --${name}${type === 'string' ? ' VALUE' : ''}\n`).join('');
  return `Options:
  --file PATH        input file (the example's sample data by default)
  --json             print a JSON summary as the last line of stdout; logs go to stderr
  --backend B        memory (default), a redis:// or a postgres:// URL; also NECRO_BACKEND
  --seed N           seed of the pseudo-random choices (default 42)
  -h, --help         this help
${own}`;
}
