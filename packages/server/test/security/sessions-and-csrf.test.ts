import { describe, expect, it } from 'vitest';
import { Api, nextId, signUp, Socket } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';
import { serverFor } from '../helpers/server';
import { browserCall, browserSignUp } from './browser';

const dialects = await dialectsUnderTest();

describe.each(dialects)('cookies, CSRF and session ends on $name', (dialect) => {
  const server = serverFor(dialect, { TRUST_PROXY: 'true', ALLOWED_ORIGINS: 'https://chat.example.com', PUBLIC_URL: 'https://natter.example.org/chat' });

  it('sets HttpOnly SameSite=Lax cookies, Secure with the __Host- prefix over HTTPS only', async () => {
    const { url } = await server();
    const plain = await browserSignUp(url);
    const session = plain.setCookies.find((c) => c.startsWith('natter_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).toMatch(/Path=\//);
    expect(session).not.toMatch(/Secure/i);
    const csrf = plain.setCookies.find((c) => c.startsWith('natter_csrf='))!;
    expect(csrf).not.toMatch(/HttpOnly/i);

    // Behind a trusted TLS proxy the page's origin is https: the scheme is part of the exact match.
    const https = await browserSignUp(url, { 'x-forwarded-proto': 'https', origin: new URL(url).origin.replace(/^http:/, 'https:') });
    const secure = https.setCookies.find((c) => c.startsWith('__Host-natter_session='))!;
    expect(secure).toMatch(/Secure/i);
    expect(secure).toMatch(/HttpOnly/i);
    expect(secure).toMatch(/Path=\/(;|$)/);
    expect(secure).not.toMatch(/Domain=/i);
    expect(https.setCookies.some((c) => c.startsWith('__Host-natter_csrf=') && /Secure/i.test(c))).toBe(true);
    // The prefixed cookie authenticates like the plain one.
    const me = await fetch(`${url}/api/me`, { headers: { cookie: https.cookie } });
    expect(me.status).toBe(200);
  });

  it('refuses cookie-authenticated changes without the CSRF token or from another origin; bearer calls need neither', async () => {
    const { url } = await server();
    const s = await browserSignUp(url);
    const room = { name: `r${nextId()}x`, visibility: 'private' };
    const noToken = await browserCall(url, s, 'POST', '/api/rooms', room, { 'x-csrf-token': '' });
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as any).error.code).toBe('csrf_failed');
    const wrongToken = await browserCall(url, s, 'POST', '/api/rooms', room, { 'x-csrf-token': 'f'.repeat(64) });
    expect(wrongToken.status).toBe(403);
    const evil = await browserCall(url, s, 'POST', '/api/rooms', room, { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    const nullOrigin = await browserCall(url, s, 'POST', '/api/rooms', room, { origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    const lookalike = await browserCall(url, s, 'POST', '/api/rooms', room, { origin: `${new URL(url).origin}.evil.example` });
    expect(lookalike.status).toBe(403);
    // Another user's token does not fit this session.
    const other = await browserSignUp(url);
    expect((await browserCall(url, s, 'POST', '/api/rooms', room, { 'x-csrf-token': other.csrf })).status).toBe(403);
    const ok = await browserCall(url, s, 'POST', '/api/rooms', room);
    expect(ok.status).toBe(201);
    // Reads need no token.
    expect((await browserCall(url, s, 'GET', '/api/conversations', undefined, { 'x-csrf-token': '' })).status).toBe(200);
    // A program with a bearer token is not a browser: no Origin, no token.
    const api = new Api(url, s.token);
    expect((await api.post('/api/rooms', { name: `r${nextId()}y` })).status).toBe(201);
    // Logging in from another site's form is refused too.
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ username: s.user.username, password: 'correct horse 1' }),
    });
    expect(login.status).toBe(403);
  });

  it('accepts configured origins exactly', async () => {
    const { url } = await server();
    const s = await browserSignUp(url);
    for (const origin of ['https://chat.example.com', 'https://natter.example.org']) {
      expect((await browserCall(url, s, 'POST', '/api/rooms', { name: `r${nextId()}z` }, { origin })).status).toBe(201);
    }
    for (const origin of ['http://chat.example.com', 'https://chat.example.com:8443', 'https://sub.chat.example.com']) {
      expect((await browserCall(url, s, 'POST', '/api/rooms', { name: `r${nextId()}z` }, { origin })).status).toBe(403);
    }
  });

  it('gives every login a new session', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const login = () => new Api(url).post('/api/auth/login', { username: a.user.username, password: a.password });
    const [x, y] = [await login(), await login()];
    expect(new Set([a.token, x.body.token, y.body.token]).size).toBe(3);
    // The earlier session is untouched: logins add sessions, they never reuse one a browser brought along.
    expect((await new Api(url, a.token).get('/api/me')).status).toBe(200);
  });

  it('closes the sockets of a session within a second of logout, password change and account deletion', async () => {
    const { url } = await server();
    const a = await signUp(url);
    const closedWithin = async (socket: Socket) => {
      const started = Date.now();
      const closed = await socket.closed;
      return { ...closed, ms: Date.now() - started };
    };

    const { socket: s1 } = await Socket.connect(url, a.token);
    const t1 = closedWithin(s1);
    expect((await a.api.post('/api/auth/logout')).status).toBe(204);
    expect((await t1).ms).toBeLessThan(1000);
    expect(s1.frames.some((f) => f.type === 'goodbye' && f.reason === 'logged_out')).toBe(true);

    const other = (await new Api(url).post('/api/auth/login', { username: a.user.username, password: a.password })).body.token;
    const keeper = new Api(url, (await new Api(url).post('/api/auth/login', { username: a.user.username, password: a.password })).body.token);
    const { socket: s2 } = await Socket.connect(url, other);
    const t2 = closedWithin(s2);
    expect((await keeper.post('/api/me/password', { currentPassword: a.password, newPassword: 'a new secret 42' })).status).toBe(204);
    expect((await t2).ms).toBeLessThan(1000);

    const { socket: s3 } = await Socket.connect(url, keeper.token!);
    const t3 = closedWithin(s3);
    expect((await keeper.post('/api/me/delete', { password: 'a new secret 42' })).status).toBe(204);
    expect((await t3).ms).toBeLessThan(1000);
  });
});
