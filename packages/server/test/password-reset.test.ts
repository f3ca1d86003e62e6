import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, Socket, uniqueName } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';
import { linkToken, TestSmtp } from './helpers/smtp';

const dialects = await dialectsUnderTest();
const PASSWORD = 'long enough pw';

describe.each(dialects)('password reset on $name', (dialect) => {
  let smtp: TestSmtp;
  const env: Record<string, string> = { EMAIL_VERIFICATION: 'optional', PUBLIC_URL: 'https://chat.example.test' };
  const server = serverFor(dialect, env);
  beforeAll(async () => {
    smtp = await TestSmtp.start();
    env.SMTP_URL = smtp.url;
  });
  afterAll(async () => smtp?.close());

  /** An account whose address is verified, with the mails of that done. */
  async function verifiedUser() {
    const { url } = await server();
    const username = uniqueName('rs');
    const email = `${username}@mail.example.test`;
    const res = await new Api(url).post('/api/auth/register', { username, password: PASSWORD, email });
    expect(res.status).toBe(201);
    const token = linkToken(await smtp.waitFor((m) => m.to.includes(email)), 'verify-email');
    expect((await new Api(url).post('/api/auth/verify-email', { token })).status).toBe(200);
    return { url, username, email, api: new Api(url, res.body.token), id: res.body.user.id as string };
  }

  const resetMails = (email: string) => smtp.to(email).filter((m) => m.text.includes('/#/reset-password/'));
  async function resetMail(email: string, nth = 1) {
    await smtp.waitFor((m) => resetMails(email).length >= nth && m.to.includes(email));
    return resetMails(email)[nth - 1]!;
  }

  it('mails a link by username that sets a new password once and ends every other session and socket', async () => {
    const { url, username, email, api } = await verifiedUser();
    const other = await new Api(url).post('/api/auth/login', { username, password: PASSWORD });
    const { socket } = await Socket.connect(url, other.body.token);

    const asked = await new Api(url).post('/api/auth/password-reset', { login: username.toUpperCase() });
    expect(asked.status).toBe(202);
    const mail = await resetMail(email);
    expect(mail.subject).toBe('Reset your Natter password');
    expect(mail.contentType).toMatch(/multipart\/alternative/);
    const token = linkToken(mail, 'reset-password');

    const done = await new Api(url).post('/api/auth/password-reset/confirm', { token, password: 'a brand new pw' });
    expect(done.status).toBe(200);
    expect(done.body.user.username).toBe(username);
    expect((await new Api(url, done.body.token).get('/api/me')).status).toBe(200);
    expect((await api.get('/api/me')).body.error.code).toBe('unauthenticated');
    expect((await new Api(url, other.body.token).get('/api/me')).body.error.code).toBe('unauthenticated');
    await socket.next((f) => f.type === 'goodbye' && f.reason === 'logged_out');
    expect((await socket.closed).code).toBe(4002);

    expect((await new Api(url).post('/api/auth/login', { username, password: PASSWORD })).status).toBe(401);
    expect((await new Api(url).post('/api/auth/login', { username, password: 'a brand new pw' })).status).toBe(200);
    const reused = await new Api(url).post('/api/auth/password-reset/confirm', { token, password: 'yet another pw' });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('token_invalid');
  });

  it('answers the same for unknown names and addresses, and sends them nothing', async () => {
    const { url, email, username } = await verifiedUser();
    const unverified = `${uniqueName('uv')}@mail.example.test`;
    await new Api(url).post('/api/auth/register', { username: uniqueName(), password: PASSWORD, email: unverified });
    const api = new Api(url);
    const answers = [];
    for (const login of [email.toUpperCase(), `${uniqueName('ghost')}@mail.example.test`, uniqueName('ghost'), unverified]) {
      const started = performance.now();
      const res = await api.post('/api/auth/password-reset', { login });
      answers.push({ status: res.status, body: res.body, ms: performance.now() - started, login });
    }
    for (const a of answers) {
      expect(a.status, a.login).toBe(202);
      expect(a.body, a.login).toBe(answers[0]!.body);
      // Every lookup happens after the answer, so no answer waits on whether the account exists.
      expect(a.ms, a.login).toBeLessThan(500);
    }
    const { app } = await server();
    await app.ctx.mailer.idle();
    expect(resetMails(email)).toHaveLength(1);
    expect(resetMails(unverified)).toHaveLength(0);
    expect(smtp.mails.filter((m) => m.to.some((t) => t.startsWith('ghost_')))).toHaveLength(0);
    expect(username).toBeTruthy();
  });

  it('a new password makes older links stop working too', async () => {
    const { url, email, id } = await verifiedUser();
    const { app } = await server();
    await new Api(url).post('/api/auth/password-reset', { login: email });
    const older = linkToken(await resetMail(email, 1), 'reset-password');
    await app.ctx.db.updateTable('email_tokens').set((eb) => ({ created_at: eb('created_at', '-', 61_000) })).where('user_id', '=', id).execute();
    await new Api(url).post('/api/auth/password-reset', { login: email });
    const newer = linkToken(await resetMail(email, 2), 'reset-password');
    expect(newer).not.toBe(older);
    expect((await new Api(url).post('/api/auth/password-reset/confirm', { token: newer, password: 'a brand new pw' })).status).toBe(200);
    const stale = await new Api(url).post('/api/auth/password-reset/confirm', { token: older, password: 'sneaky new pw' });
    expect(stale.body.error.code).toBe('token_invalid');
  });

  it('refuses an expired link, a made-up one and a weak new password', async () => {
    const { url, email, id } = await verifiedUser();
    const { app } = await server();
    await new Api(url).post('/api/auth/password-reset', { login: email });
    const token = linkToken(await resetMail(email), 'reset-password');
    await app.ctx.db.updateTable('email_tokens').set({ expires_at: Date.now() - 1 }).where('user_id', '=', id).where('purpose', '=', 'reset').execute();
    const expired = await new Api(url).post('/api/auth/password-reset/confirm', { token, password: 'a brand new pw' });
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('token_expired');
    const made = await new Api(url).post('/api/auth/password-reset/confirm', { token: randomBytes(32).toString('base64url'), password: 'a brand new pw' });
    expect(made.body.error.code).toBe('token_invalid');
    const weak = await new Api(url).post('/api/auth/password-reset/confirm', { token, password: 'short' });
    expect(weak.body.error.code).toBe('validation_failed');
  });

  it('a password changed in the settings voids reset links mailed before', async () => {
    const { url, email, api } = await verifiedUser();
    await new Api(url).post('/api/auth/password-reset', { login: email });
    const token = linkToken(await resetMail(email), 'reset-password');
    expect((await api.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'a brand new pw' })).status).toBe(204);
    const stale = await new Api(url).post('/api/auth/password-reset/confirm', { token, password: 'sneaky new pw' });
    expect(stale.body.error.code).toBe('token_invalid');
  });

  it('a deleted account keeps no address and is sent no links', async () => {
    const { url, email, api, id } = await verifiedUser();
    await new Api(url).post('/api/auth/password-reset', { login: email });
    const token = linkToken(await resetMail(email), 'reset-password');
    expect((await api.post('/api/me/delete', { password: PASSWORD })).status).toBe(204);
    const { app } = await server();
    const row = await app.ctx.db.selectFrom('users').select(['email', 'pending_email', 'email_verified']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ email: null, pending_email: null, email_verified: 0 });
    expect((await new Api(url).post('/api/auth/password-reset/confirm', { token, password: 'a brand new pw' })).body.error.code).toBe('token_invalid');
    await app.ctx.db.updateTable('email_tokens').set((eb) => ({ created_at: eb('created_at', '-', 3_600_000) })).execute();
    expect((await new Api(url).post('/api/auth/password-reset', { login: email })).status).toBe(202);
    await app.ctx.mailer.idle();
    expect(resetMails(email)).toHaveLength(1);
  });

  it('sends at most one link a minute per account, quietly', async () => {
    const { url, email, username } = await verifiedUser();
    const api = new Api(url);
    const [first, second] = await Promise.all([api.post('/api/auth/password-reset', { login: email }), api.post('/api/auth/password-reset', { login: username })]);
    expect([first.status, second.status]).toEqual([202, 202]);
    const { app } = await server();
    await app.ctx.mailer.idle();
    expect(resetMails(email)).toHaveLength(1);
  });
});
