import { checkExposure, isLoopback, tokenMatches } from '../src/dashboard/security';

describe('the dashboard\'s exposure rules', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])('treats %s as loopback', (host) => {
    expect(isLoopback(host)).toBe(true);
  });

  it.each(['0.0.0.0', '::', '10.0.0.5', 'dashboard.internal', '128.0.0.1'])('treats %s as reachable from elsewhere', (host) => {
    expect(isLoopback(host)).toBe(false);
    expect(() => checkExposure(host, undefined)).toThrow(`Refusing to serve the dashboard on ${host} without a token`);
    expect(() => checkExposure(host, 'a-token-of-enough-length')).not.toThrow();
  });

  it('accepts loopback without a token, and refuses a short token anywhere', () => {
    expect(() => checkExposure('127.0.0.1', undefined)).not.toThrow();
    expect(() => checkExposure('127.0.0.1', '123456789012345')).toThrow('too short (15 characters; at least 16)');
  });

  it('compares tokens exactly', () => {
    expect(tokenMatches('a-token-of-enough-length', 'a-token-of-enough-length')).toBe(true);
    expect(tokenMatches('a-token-of-enough-lengtH', 'a-token-of-enough-length')).toBe(false);
    expect(tokenMatches('', 'a-token-of-enough-length')).toBe(false);
    expect(tokenMatches(undefined, 'a-token-of-enough-length')).toBe(false);
  });
});
