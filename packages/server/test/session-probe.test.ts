import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../src/testing';
import { signUp } from './helpers/clients';

describe('the session probe', () => {
  const started = startTestServer();
  afterAll(async () => (await started).close());

  it('answers 200 with null for nobody and for a bad token, and the user for a good one, never cached', async () => {
    const { url } = await started;
    const anonymous = await fetch(`${url}/api/auth/session`);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual({ user: null });
    expect(anonymous.headers.get('cache-control')).toBe('no-store');
    const forged = await fetch(`${url}/api/auth/session`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(forged.status).toBe(200);
    expect(await forged.json()).toEqual({ user: null });
    const { token, user } = await signUp(url);
    const known = await fetch(`${url}/api/auth/session`, { headers: { authorization: `Bearer ${token}` } });
    expect(known.status).toBe(200);
    expect(((await known.json()) as { user: { id: string } }).user.id).toBe(user.id);
    // /api/me keeps its contract: 401 without a session.
    expect((await fetch(`${url}/api/me`)).status).toBe(401);
  });
});
