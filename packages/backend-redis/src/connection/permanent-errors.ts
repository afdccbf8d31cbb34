import { NecroStackError, maskSecrets } from '@necrostack/core';

/** A failure that retrying cannot fix: what is wrong, and how to fix it. */
export interface PermanentFailure {
  readonly reason: string;
  readonly help: string;
}

interface Rule {
  readonly matches: (message: string, code: string) => boolean;
  readonly failure: (detail: string, error: Error) => PermanentFailure;
}

const TLS_HELP = 'Use rediss:// only for a TLS port (redis:// otherwise); for a private certificate authority pass '
  + 'socket: { ca } (the CA certificate); the url\'s host must match the certificate.';

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|HOSTNAME_MISMATCH$|EPROTO$)/;

// Credentials, DNS and TLS: the connection attempts that no retry can fix until the configuration changes.
const RULES: readonly Rule[] = [
  {
    matches: (message) => message.startsWith('WRONGPASS'),
    failure: (detail) => ({
      reason: `Redis refused the user name or password of the url (${detail})`,
      help: 'Fix the user name and password in the url: redis://user:password@host:6379, or redis://:password@host:6379 without ACL users.',
    }),
  },
  {
    // Redis 7 answers a long command from a client that has not authenticated with a protocol error
    // instead of NOAUTH (and closes the connection): the same missing password.
    matches: (message) => message.startsWith('NOAUTH') || message.startsWith('ERR Protocol error: unauthenticated'),
    failure: (detail) => ({
      reason: `Redis needs a password, and the url gives none (${detail})`,
      help: 'Give the password in the url: redis://:password@host:6379, or redis://user:password@host:6379 with ACL users.',
    }),
  },
  {
    matches: (message) => /^ERR (AUTH .*without any password configured|Client sent AUTH, but no password is set)/.test(message),
    failure: (detail) => ({
      reason: `The url gives a password, but this Redis has none configured (${detail})`,
      help: 'Remove the password from the url, or configure one in Redis (requirepass, or an ACL user).',
    }),
  },
  {
    matches: (message) => message.startsWith('NOPERM'),
    failure: (detail) => ({
      reason: `The Redis user may not run a command NecroStack needs (${detail})`,
      help: 'Grant the user the stream, script and key commands on the NecroStack keys (docs/redis.md), or use another user.',
    }),
  },
  {
    matches: (_message, code) => code === 'ENOTFOUND',
    failure: (detail, error) => {
      const host = (error as { hostname?: unknown }).hostname;
      return {
        reason: `${typeof host === 'string' ? `Redis host ${host}` : 'The Redis host'} was not found (${detail})`,
        help: 'Check the host name in the url; DNS does not know it.',
      };
    },
  },
  {
    matches: (message, code) => TLS_CODE.test(code) || /SSL routines|certificate/i.test(message),
    failure: (detail) => ({ reason: `The TLS handshake with Redis failed (${detail})`, help: TLS_HELP }),
  },
];

/**
 * What is permanently wrong, when `error` (a node-redis connection error or error reply) is a
 * failure that retrying cannot fix: wrong or missing credentials, an unknown host, a TLS failure.
 * Undefined for what may pass (a refused connection, a timeout, a reset).
 *
 * @example
 * ```ts
 * client.on('error', (error) => { if (permanentFailure(error)) failWaitersNow(error); });
 * ```
 */
export function permanentFailure(error: unknown): PermanentFailure | undefined {
  // A NecroStackError was translated already (its message may quote the native one).
  if (!isErrorLike(error) || error instanceof NecroStackError) return undefined;
  const message = error.message;
  const code = (error as { code?: unknown }).code;
  const rule = RULES.find((r) => r.matches(message, typeof code === 'string' ? code : ''));
  return rule?.failure(maskSecrets(message.trim().replace(/\.$/, '') || error.name), error);
}

/**
 * Whether `value` is an Error by its shape. Node's own errors (DNS, sockets, TLS) may come from
 * another realm than the caller's `Error` (jest's sandbox, a vm context), where `instanceof` misses them.
 */
export function isErrorLike(value: unknown): value is Error {
  return value instanceof Error || (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string'
    && typeof (value as { name?: unknown }).name === 'string');
}
