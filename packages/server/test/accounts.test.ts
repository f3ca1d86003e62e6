import { describe, expect, it } from 'vitest';
import { Api, signUp, uniqueName } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';

const dialects = await dialectsUnderTest();

describe.each(dialects)('accounts on $name', (dialect) => {
  const server = serverFor(dialect);

  it('signs up, answers /api/me with the cookie and with the bearer token', async () => {
    const { url } = await server();
    const name = uniqueName('ann');
    const res = await fetch(`${url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: name, password: 'long enough pw' }),
    });
    expect(res.status).toBe(201);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/natter_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const body = (await res.json()) as any;
    expect(body.user.username).toBe(name);
    const viaCookie = await fetch(`${url}/api/me`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(((await viaCookie.json()) as any).user.id).toBe(body.user.id);
    expect(viaCookie.headers.get('cache-control')).toBe('no-store');
    const viaToken = await new Api(url, body.token).get('/api/me');
    expect(viaToken.body.user.username).toBe(name);
  });

  it('refuses a username that differs only by case, with username_taken', async () => {
    const { url } = await server();
    const name = uniqueName('Case');
    await signUp(url, name);
    const res = await new Api(url).post('/api/auth/register', { username: name.toUpperCase(), password: 'long enough pw' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('username_taken');
  });

  it('accepts CJK usernames and refuses bad ones with validation_failed', async () => {
    const { url } = await server();
    const api = new Api(url);
    expect((await api.post('/api/auth/register', { username: `用户${Date.now() % 100000}`, password: 'long enough pw' })).status).toBe(201);
    for (const username of ['ab', 'x'.repeat(33), 'has space', '<script>', 'a/b/c']) {
      const res = await api.post('/api/auth/register', { username, password: 'long enough pw' });
      expect(res.status, username).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    for (const password of ['short', 'p'.repeat(129)]) {
      const res = await api.post('/api/auth/register', { username: uniqueName(), password });
      expect(res.body.error.code).toBe('validation_failed');
    }
  });

  it('gives the same answer for a wrong password and an unknown user', async () => {
    const { url } = await server();
    const { user } = await signUp(url);
    const api = new Api(url);
    const wrong = await api.post('/api/auth/login', { username: user.username, password: 'not the password' });
    const unknown = await api.post('/api/auth/login', { username: uniqueName('ghost'), password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('issues a new session on every login, and logout ends only that one', async () => {
    const { url } = await server();
    const { user, password } = await signUp(url);
    const api = new Api(url);
    const first = await api.post('/api/auth/login', { username: user.username, password });
    const second = await api.post('/api/auth/login', { username: user.username.toUpperCase(), password });
    expect(first.body.token).not.toBe(second.body.token);
    const a = new Api(url, first.body.token);
    const b = new Api(url, second.body.token);
    expect((await a.post('/api/auth/logout')).status).toBe(204);
    expect((await a.get('/api/me')).body.error.code).toBe('unauthenticated');
    expect((await b.get('/api/me')).status).toBe(200);
  });

  it('answers bad bodies with stable codes and keeps serving', async () => {
    const { url } = await server();
    const api = new Api(url);
    expect((await api.post('/api/auth/login', '{"username":')).body.error.code).toBe('invalid_json');
    expect((await api.post('/api/auth/login', { username: 'x', password: 'y', admin: true })).body.error.code).toBe('validation_failed');
    expect((await api.post('/api/auth/login', { username: ['a'], password: { $ne: null } })).body.error.code).toBe('validation_failed');
    expect((await api.post('/api/auth/login', '{"__proto__":{"polluted":1},"username":"a","password":"b"}')).status).toBe(400);
    const huge = await api.post('/api/auth/login', { username: 'a', password: 'x'.repeat(1_100_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    expect((await api.get('/api/me')).status).toBe(401);
    expect((await api.get('/api/health')).body).toEqual({ status: 'ok' });
  });
});
