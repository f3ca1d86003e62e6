import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, uniqueName } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';
import { TestSmtp } from './helpers/smtp';

const dialects = await dialectsUnderTest();

/** Mail trouble of every kind must stay in the background: sign-up answers as if all were well. */
describe.each(dialects)('mail delivery on $name', (dialect) => {
  let smtp: TestSmtp;
  const env: Record<string, string> = {
    EMAIL_VERIFICATION: 'optional',
    SMTP_TIMEOUT_MS: '1500',
    MAIL_MAX_ATTEMPTS: '3',
    MAIL_RETRY_BASE_MS: '100',
  };
  const server = serverFor(dialect, env);
  beforeAll(async () => {
    smtp = await TestSmtp.start();
    env.SMTP_URL = smtp.url;
  });
  afterAll(async () => smtp?.close());

  async function signUpWithMail() {
    const { url } = await server();
    const username = uniqueName('dl');
    const email = `${username}@mail.example.test`;
    const started = performance.now();
    const res = await new Api(url).post('/api/auth/register', { username, password: 'long enough pw', email });
    return { res, email, ms: performance.now() - started };
  }

  it('a server that refuses the recipient neither breaks sign-up nor gets retried', async () => {
    const { app } = await server();
    await app.ctx.mailer.idle();
    const queue = app.ctx.mailer.queue!;
    const failedBefore = queue.failed;
    smtp.mode = 'reject_rcpt';
    const refusedBefore = smtp.refused;
    try {
      const { res } = await signUpWithMail();
      expect(res.status).toBe(201);
      await app.ctx.mailer.idle();
      expect(queue.failed).toBe(failedBefore + 1);
      // 550 is permanent: one try, no retries.
      expect(smtp.refused).toBe(refusedBefore + 1);
    } finally {
      smtp.mode = 'accept';
    }
  });

  it('a server that hangs after accepting the connection does not hold up sign-up', async () => {
    const { app, url } = await server();
    await app.ctx.mailer.idle();
    const queue = app.ctx.mailer.queue!;
    const failedBefore = queue.failed;
    smtp.mode = 'hang';
    try {
      const { res, ms } = await signUpWithMail();
      expect(res.status).toBe(201);
      // The answer came while the mail was still stuck on the silent server.
      expect(await queue.pending()).toBe(1);
      expect(ms).toBeLessThan(1500);
      expect((await new Api(url, res.body.token).get('/api/me')).status).toBe(200);
      await app.ctx.mailer.idle();
      expect(queue.failed).toBe(failedBefore + 1);
    } finally {
      smtp.mode = 'accept';
    }
  });

  it('a temporary refusal is retried with backoff until the mail goes through', async () => {
    const { app } = await server();
    await app.ctx.mailer.idle();
    smtp.mode = 'defer_data';
    const refusedBefore = smtp.refused;
    const { res, email } = await signUpWithMail();
    expect(res.status).toBe(201);
    while (smtp.refused === refusedBefore) await new Promise((r) => setTimeout(r, 20));
    smtp.mode = 'accept';
    const mail = await smtp.waitFor((m) => m.to.includes(email));
    expect(mail.subject).toBe('Confirm your email address for Natter');
    expect(smtp.to(email)).toHaveLength(1);
  });
});
