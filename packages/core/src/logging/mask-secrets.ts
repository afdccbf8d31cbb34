// user:password@ or :password@ in any URL-looking text (redis://, rediss://, amqp://, …). The
// password runs to the last '@' before the host, so a raw '@' inside it is masked too.
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^:@/\s]*):([^/\s]+)@/gi;

/**
 * Replaces the password of every URL in `text` with `****`, so secrets never reach logs or errors.
 *
 * @example
 * ```ts
 * maskSecrets('redis://app:s3cret@cache:6379'); // 'redis://app:****@cache:6379'
 * ```
 */
export function maskSecrets(text: string): string {
  return text.includes('@') ? text.replace(URL_CREDENTIALS, '$1$2:****@') : text;
}
