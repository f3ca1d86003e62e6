import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, Socket, uniqueName } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';
import { linkToken, TestSmtp } from './helpers/smtp';

const dialects = await dialectsUnderTest();

const address = (name: string) => `${name}@mail.example.test`;

describe.each(dialects)('email verification (required) on $name', (dialect) => {
  let smtp: TestSmtp;
  const env: Record<string, string> = {
    EMAIL_VERIFICATION: 'required',
    PUBLIC_URL: 'https://chat.example.test',
    SMTP_TIMEOUT_MS: '1000',
    MAIL_MAX_ATTEMPTS: '2',
    MAIL_RETRY_BASE_MS: '50',
  };
  const server = serverFor(dialect, env);
  beforeAll(async () => {
    smtp = await TestSmtp.start();
    env.SMTP_URL = smtp.url;
  });
  afterAll(async () => smtp?.close());

  async function register(extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    const { url } = await server();
    const username = uniqueName('mail');
    const email = address(username);
    const res = await new Api(url).call('POST', '/api/auth/register', { username, password: 'long enough pw', email, ...extra }, headers);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { api: new Api(url, res.body.token), user: res.body.user, email, username, url };
  }

  it('sends a multipart mail in the chosen language whose link verifies the address once', async () => {
    const { api, user, email } = await register({ language: 'zh-CN', email: address('MiXeD').replace('MiXeD', `Up_${randomBytes(3).toString('hex')}`) });
    expect(user.email).toBe(user.email.toLowerCase());
    expect(user.emailVerified).toBe(false);
    const mail = await smtp.waitFor((m) => m.to.includes(user.email));
    expect(mail.contentType).toMatch(/multipart\/alternative/);
    expect(mail.subject).toBe('请确认你在 Natter 的邮箱地址');
    expect(mail.text).toContain('https://chat.example.test/#/verify-email/');
    expect(mail.html).toContain('<a href="https://chat.example.test/#/verify-email/');
    const token = linkToken(mail, 'verify-email');
    expect(token.length).toBeGreaterThanOrEqual(22);
    const first = await new Api(api.base).post('/api/auth/verify-email', { token });
    expect(first.status).toBe(200);
    expect(first.body.email).toBe(user.email);
    expect((await api.get('/api/me')).body.user).toMatchObject({ email: user.email, emailVerified: true, pendingEmail: null });
    const again = await new Api(api.base).post('/api/auth/verify-email', { token });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('token_invalid');
    expect(email).toBeTruthy();
  });

  it('writes in the language of Accept-Language when the sign-up names none', async () => {
    const zh = await register({}, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    const en = await register({}, { 'accept-language': 'fr-FR, en;q=0.5' });
    expect((await smtp.waitFor((m) => m.to.includes(zh.email))).subject).toBe('请确认你在 Natter 的邮箱地址');
    expect((await smtp.waitFor((m) => m.to.includes(en.email))).subject).toBe('Confirm your email address for Natter');
  });

  it('keeps an unverified account out of everything but me, resend, change-email and logout, socket included', async () => {
    const { api, url, email } = await register();
    const refused = await api.get('/api/conversations');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('email_unverified');
    expect((await api.post('/api/rooms', { name: uniqueName('r') })).body.error.code).toBe('email_unverified');
    expect((await api.get('/api/me')).status).toBe(200);

    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/socket`, { headers: { authorization: `Bearer ${api.token}` } });
    const frames: any[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    const closed = await new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    expect(closed).toBe(4003);
    expect(frames).toEqual([expect.objectContaining({ type: 'error', code: 'email_unverified' })]);

    const token = linkToken(await smtp.waitFor((m) => m.to.includes(email)), 'verify-email');
    expect((await new Api(url).post('/api/auth/verify-email', { token })).status).toBe(200);
    expect((await api.get('/api/conversations')).status).toBe(200);
    const { socket, welcome } = await Socket.connect(url, api.token!);
    expect(welcome.type).toBe('welcome');
    socket.close();
  });

  it('refuses a sign-up without an address, or with a malformed one', async () => {
    const { url } = await server();
    const api = new Api(url);
    const missing = await api.post('/api/auth/register', { username: uniqueName(), password: 'long enough pw' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('validation_failed');
    expect(missing.body.error.issues[0].path).toBe('email');
    for (const email of ['not-an-address', 'a@b', 'two@@example.test', `${'x'.repeat(250)}@example.test`]) {
      const res = await api.post('/api/auth/register', { username: uniqueName(), password: 'long enough pw', email });
      expect(res.body.error.code, email).toBe('validation_failed');
    }
  });

  it('refuses expired and unknown tokens', async () => {
    const { url, email, user } = await register();
    const token = linkToken(await smtp.waitFor((m) => m.to.includes(email)), 'verify-email');
    const { app } = await server();
    await app.ctx.db.updateTable('email_tokens').set({ expires_at: Date.now() - 1 }).where('user_id', '=', user.id).execute();
    const expired = await new Api(url).post('/api/auth/verify-email', { token });
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('token_expired');
    const unknown = await new Api(url).post('/api/auth/verify-email', { token: randomBytes(32).toString('base64url') });
    expect(unknown.body.error.code).toBe('token_invalid');
    expect((await new Api(url).post('/api/auth/verify-email', { token: 'short' })).body.error.code).toBe('validation_failed');
  });

  it('rate limits resending: one a minute, five an hour', async () => {
    const { api, email, user } = await register();
    const { app } = await server();
    await smtp.waitFor((m) => m.to.includes(email));
    const tooSoon = await api.post('/api/me/email/resend');
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.body.error.code).toBe('rate_limited');
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);
    const age = async () =>
      app.ctx.db
        .updateTable('email_tokens')
        .set((eb) => ({ created_at: eb('created_at', '-', 61_000) }))
        .where('user_id', '=', user.id)
        .execute();
    await age();
    // Two at once still make one mail.
    const both = await Promise.all([api.post('/api/me/email/resend'), api.post('/api/me/email/resend')]);
    expect(both.map((r) => r.status).sort()).toEqual([202, 429]);
    for (let i = 0; i < 3; i++) {
      await age();
      expect((await api.post('/api/me/email/resend')).status).toBe(202);
    }
    await age();
    const hourly = await api.post('/api/me/email/resend');
    expect(hourly.status).toBe(429);
    expect(Number(hourly.headers.get('retry-after'))).toBeGreaterThan(60);
    await app.ctx.mailer.idle();
    expect(smtp.to(email)).toHaveLength(5);
    // Each resent link works on its own.
    const tokens = new Set(smtp.to(email).map((m) => linkToken(m, 'verify-email')));
    expect(tokens.size).toBe(5);
  });

  it('changes the address only with the password, and only once the new one is verified', async () => {
    const { api, url, email } = await register();
    await new Api(url).post('/api/auth/verify-email', { token: linkToken(await smtp.waitFor((m) => m.to.includes(email)), 'verify-email') });
    const next = address(uniqueName('next'));
    const wrong = await api.call('PUT', '/api/me/email', { email: next, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const changed = await api.call('PUT', '/api/me/email', { email: next.toUpperCase(), password: 'long enough pw' });
    expect(changed.status).toBe(200);
    expect(changed.body.user).toMatchObject({ email, emailVerified: true, pendingEmail: next });
    // Still verified meanwhile: the old address stays in force.
    expect((await api.get('/api/conversations')).status).toBe(200);
    const token = linkToken(await smtp.waitFor((m) => m.to.includes(next)), 'verify-email');
    expect((await new Api(url).post('/api/auth/verify-email', { token })).status).toBe(200);
    expect((await api.get('/api/me')).body.user).toMatchObject({ email: next, emailVerified: true, pendingEmail: null });
  });

  it('a newer address request makes the link for the older one stop working', async () => {
    const { api, url, email } = await register();
    const firstToken = linkToken(await smtp.waitFor((m) => m.to.includes(email)), 'verify-email');
    const fixed = address(uniqueName('fixed'));
    expect((await api.call('PUT', '/api/me/email', { email: fixed, password: 'long enough pw' })).body.user).toMatchObject({ email: fixed, emailVerified: false });
    expect((await new Api(url).post('/api/auth/verify-email', { token: firstToken })).body.error.code).toBe('token_invalid');
    const token = linkToken(await smtp.waitFor((m) => m.to.includes(fixed)), 'verify-email');
    expect((await new Api(url).post('/api/auth/verify-email', { token })).status).toBe(200);
  });

  it('an address verified by one account is taken; an unverified claim blocks no one', async () => {
    const a = await register();
    await new Api(a.url).post('/api/auth/verify-email', { token: linkToken(await smtp.waitFor((m) => m.to.includes(a.email)), 'verify-email') });
    const api = new Api(a.url);
    const taken = await api.post('/api/auth/register', { username: uniqueName(), password: 'long enough pw', email: a.email.toUpperCase() });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('email_taken');

    const claimed = address(uniqueName('claim'));
    const first = await api.post('/api/auth/register', { username: uniqueName(), password: 'long enough pw', email: claimed });
    const second = await api.post('/api/auth/register', { username: uniqueName(), password: 'long enough pw', email: claimed });
    expect([first.status, second.status]).toEqual([201, 201]);
    await a.api.post('/api/auth/logout');
    await smtp.waitFor((m) => m.to.includes(claimed));
    const [m1, m2] = await (async () => {
      const deadline = Date.now() + 5000;
      while (smtp.to(claimed).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      return smtp.to(claimed);
    })();
    expect((await api.post('/api/auth/verify-email', { token: linkToken(m1!, 'verify-email') })).status).toBe(200);
    const loser = await api.post('/api/auth/verify-email', { token: linkToken(m2!, 'verify-email') });
    expect(loser.status).toBe(409);
    expect(loser.body.error.code).toBe('email_taken');
  });
});
