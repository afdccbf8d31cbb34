import { parseExampleArgs } from '@necrostack/example-support';
import { ROLES, type Role } from './app';

/** The example's own flags, beyond the shared `--json --backend`. */
const FLAGS = { role: 'string', port: 'string', stream: 'string', demo: 'boolean', trace: 'boolean' } as const;

/** The command line, parsed. */
export interface CliArgs {
  /** Print the demo's summary as the last line of stdout; implies `demo`. */
  readonly json: boolean;
  /** Post the sample orders to ourselves, print the outcomes, exit. */
  readonly demo: boolean;
  /** Run the demo with OpenTelemetry and print the trace tree of its first order; implies `demo`. */
  readonly trace: boolean;
  readonly role: Role;
  /** `memory` or a `redis://` URL. */
  readonly backend: string;
  /** Undefined: 3000 to serve, a free port for the demo. */
  readonly port: number | undefined;
  /** Undefined: the shared default stream to serve, a stream of its own for a one-process demo. */
  readonly stream: string | undefined;
}

/**
 * Reads `[--role all|api|worker] [--backend memory|redis://…] [--port N] [--stream KEY] [--demo] [--trace] [--json]`.
 * @throws Error with a one-line message on an unknown flag or a bad value.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args = parseExampleArgs(argv, FLAGS);
  if (args.file !== undefined) throw new Error('--file is not used by this example: the demo posts its own sample orders');
  const { role = 'all', port, stream, demo, trace } = args.extra as { role?: string; port?: string; stream?: string; demo?: boolean; trace?: boolean };
  if (!ROLES.includes(role as Role)) throw new Error(`--role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(role)}`);
  const runsDemo = demo === true || trace === true || args.json;
  if (runsDemo && role === 'worker') throw new Error('--demo posts orders over HTTP: run it with --role all or --role api');
  if (stream !== undefined && stream.trim() === '') throw new Error('--stream must not be empty');
  return {
    json: args.json,
    demo: runsDemo,
    trace: trace === true,
    role: role as Role,
    backend: args.backend,
    port: port === undefined ? undefined : portNumber(port),
    stream,
  };
}

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isSafeInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0 to 65535, got ${JSON.stringify(value)}`);
  return port;
}
