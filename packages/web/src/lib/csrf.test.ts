import { describe, expect, it } from 'vitest';
import { csrfTokenFrom, fetchWithCsrf } from './csrf';

describe('csrfTokenFrom', () => {
  it('finds the token with or without a cookie prefix', () => {
    expect(csrfTokenFrom('a=1; natter_csrf=abc123; b=2')).toBe('abc123');
    expect(csrfTokenFrom('__Host-natter_csrf=xyz')).toBe('xyz');
    expect(csrfTokenFrom('natter_session_other=1; other=2')).toBeNull();
    expect(csrfTokenFrom('')).toBeNull();
  });
});

describe('fetchWithCsrf', () => {
  async function headerSent(method: string, cookie: string): Promise<string | null> {
    let seen: string | null = 'not called';
    const base: typeof fetch = async (_input, init) => {
      seen = new Headers(init?.headers).get('x-csrf-token');
      return new Response(null, { status: 204 });
    };
    await fetchWithCsrf(base, () => cookie)('/api/x', { method, headers: { 'content-type': 'application/json' } });
    return seen;
  }

  it('adds the header to unsafe methods only', async () => {
    expect(await headerSent('POST', 'natter_csrf=t1')).toBe('t1');
    expect(await headerSent('PATCH', 'natter_csrf=t1')).toBe('t1');
    expect(await headerSent('GET', 'natter_csrf=t1')).toBeNull();
  });

  it('sends nothing extra when there is no token', async () => {
    expect(await headerSent('POST', '')).toBeNull();
  });
});
