import { describe, expect, it } from 'vitest';
import { apiBaseFrom } from './api-base';
import { parseHash, routeToHash } from './route';

describe('hash routes', () => {
  it('round-trips every route', () => {
    const token = 'AbC_-0123456789xyzXYZ';
    for (const r of [
      { name: 'home' },
      { name: 'login' },
      { name: 'signup' },
      { name: 'forgot' },
      { name: 'conversation', id: 'c_12-x' },
      { name: 'conversation', id: 'c_12-x', message: { id: 'm_9-Z', seq: 42 } },
      { name: 'verify-email', token },
      { name: 'reset-password', token },
    ] as const) {
      expect(parseHash(routeToHash(r))).toEqual(r);
    }
  });

  it('treats anything unknown or malformed as home', () => {
    expect(parseHash('')).toEqual({ name: 'home' });
    expect(parseHash('#/c/')).toEqual({ name: 'home' });
    expect(parseHash('#/c/a/b')).toEqual({ name: 'home' });
    expect(parseHash('#/c/a/m/b/0')).toEqual({ name: 'home' });
    expect(parseHash('#/c/a/m/b/x')).toEqual({ name: 'home' });
    expect(parseHash('#/c/a/m/<b>/1')).toEqual({ name: 'home' });
    expect(parseHash('#/c/<script>')).toEqual({ name: 'home' });
    expect(parseHash('#/verify-email/short')).toEqual({ name: 'home' });
    expect(parseHash('#/reset-password/has spaces in it, long enough')).toEqual({ name: 'home' });
  });
});

describe('apiBaseFrom', () => {
  it('is empty at the root and the prefix under a base path', () => {
    expect(apiBaseFrom('http://host/')).toBe('');
    expect(apiBaseFrom('http://host/index.html')).toBe('');
    expect(apiBaseFrom('http://host/chat/')).toBe('/chat');
    expect(apiBaseFrom('http://host/a/b/index.html#/c/x')).toBe('/a/b');
  });
});
