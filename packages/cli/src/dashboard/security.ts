import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { CliError, EXIT_USAGE } from '../output/cli-error';

/** Shortest `--token` accepted: a guessable token is no protection. */
export const MIN_TOKEN_LENGTH = 16;

/** Whether `host` (a name or an address to bind) only ever reaches this machine. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/**
 * Refuses a setup that would expose the dashboard: a non-loopback host without a token, or a
 * token too short to guess at.
 *
 * @throws CliError (usage) naming the problem and the fix.
 */
export function checkExposure(host: string, token: string | undefined): void {
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    throw new CliError(`The dashboard token is too short (${token.length} characters; at least ${MIN_TOKEN_LENGTH})`, {
      exitCode: EXIT_USAGE, help: 'use a random one, e.g. --token "$(openssl rand -hex 24)"',
    });
  }
  if (token === undefined && !isLoopback(host)) {
    throw new CliError(`Refusing to serve the dashboard on ${host} without a token: anyone who can reach it could read and replay dead letters`, {
      exitCode: EXIT_USAGE, help: 'pass --token (or set NECRO_DASHBOARD_TOKEN), or keep the default --host 127.0.0.1',
    });
  }
}

/** The token a request carries: `Authorization: Bearer T` or `X-Necro-Token: T` (never a cookie, so CSRF cannot send it). */
export function requestToken(request: IncomingMessage): string | undefined {
  const header = request.headers['x-necro-token'];
  if (typeof header === 'string' && header !== '') return header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/** Compares in constant time (over digests, so the length leaks nothing either). */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Whether the request's `Host` names this loopback server. A server on 127.0.0.1 without a token
 * refuses other names, so a web page that re-points its own domain at 127.0.0.1 (DNS rebinding)
 * cannot read it.
 */
export function hostAllowed(request: IncomingMessage, port: number): boolean {
  const host = (request.headers.host ?? '').toLowerCase();
  return ['127.0.0.1', 'localhost', '[::1]'].some((name) => host === `${name}:${port}` || (port === 80 && host === name));
}
