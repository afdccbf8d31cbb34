import { DEFAULT_CLUSTER_STREAM_KEY, DEFAULT_CONSUMER_GROUP, DEFAULT_REDIS_URL, DEFAULT_STREAM_KEY } from '@necrostack/backend-redis';
import { DEFAULT_BACKEND_URL, DEFAULT_CLUSTER_STREAM, DEFAULT_GROUP_PREFIX, DEFAULT_STREAM } from '../src/config/env';
import { expandGlob } from '../src/organs/expand-glob';
import { join } from 'node:path';

describe('the CLI defaults', () => {
  it('are the Redis backend\'s defaults', () => {
    expect([DEFAULT_BACKEND_URL, DEFAULT_STREAM, DEFAULT_CLUSTER_STREAM, DEFAULT_GROUP_PREFIX])
      .toEqual([DEFAULT_REDIS_URL, DEFAULT_STREAM_KEY, DEFAULT_CLUSTER_STREAM_KEY, DEFAULT_CONSUMER_GROUP]);
  });
});

describe('expandGlob', () => {
  const fixtures = join(__dirname, 'fixtures');

  it('expands * and ** and keeps a plain path as is', () => {
    expect(expandGlob('fixtures/*.organ.js', __dirname)).toEqual(
      ['failing.organ.js', 'recorder.organ.js', 'validated.organ.js'].map((f) => join(fixtures, f)));
    expect(expandGlob('**/recorder.*.js', __dirname)).toEqual([join(fixtures, 'recorder.organ.js')]);
    expect(expandGlob('fixtures/missing.js', __dirname)).toEqual([join(fixtures, 'missing.js')]);
    expect(expandGlob('fixtures/*.nothing', __dirname)).toEqual([]);
  });
});
