import type { FastifyInstance } from 'fastify';
import { malformedJson } from './http-errors';

/**
 * Makes JSON the only body the API reads (anything else is 415), with a parser whose 400 says what
 * is wrong (Fastify's own only says "Body is not valid JSON"). Plain `JSON.parse` is safe here: keys such as `__proto__` become ordinary own
 * properties, and core's `validatePayload` rejects them by name.
 */
export function useJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') {
      done(malformedJson('the body is empty'), undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(malformedJson(error instanceof Error ? error.message : String(error)), undefined);
    }
  });
}
