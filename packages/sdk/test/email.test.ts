import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatterClient, NatterError } from '../src/index';
import { socketControl, startTestServer, type TestServer, uniqueName, waitFor } from './helpers';

/* No SMTP server here: outside production the server keeps mails in its outbox, which tests read. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { EMAIL_VERIFICATION: 'required' } });
});
afterAll(async () => {
  await server?.close();
});

const PASSWORD = 'correct horse battery';

function client(): NatterClient {
  const { WebSocket } = socketControl();
  return new NatterClient({ baseUrl: server.url, WebSocket, reconnect: { minDelayMs: 50, maxDelayMs: 300 } });
}

async function linkTo(address: string, route: 'verify-email' | 'reset-password'): Promise<string> {
  const outbox = server.app.ctx.mailer.outbox!;
  const pattern = new RegExp(`/#/${route}/([A-Za-z0-9_-]+)`);
  await server.app.ctx.mailer.idle();
  await waitFor(() => outbox.list().some((m) => m.to === address && pattern.test(m.text)), `a ${route} mail to ${address}`);
  return pattern.exec(outbox.list().find((m) => m.to === address && pattern.test(m.text))!.text)![1]!;
}

describe('email verification and password reset through the SDK', () => {
  it('signs up unverified, is refused the socket, verifies and connects', async () => {
    const c = client();
    expect(await c.authOptions()).toEqual({ emailVerification: 'required', devOutbox: true });
    const username = uniqueName('ver');
    const email = `${username}@example.test`;
    const me = await c.register(username, PASSWORD, { email, language: 'zh-CN' });
    expect(me).toMatchObject({ email, emailVerified: false });
    const refused = await c.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(NatterError);
    expect((refused as NatterError).code).toBe('email_unverified');
    await expect(c.resendVerification()).rejects.toMatchObject({ code: 'rate_limited' });

    expect(await c.verifyEmail(await linkTo(email, 'verify-email'))).toBe(email);
    expect(c.user?.emailVerified).toBe(true);
    await c.connect();
    expect(c.status).toBe('online');
    c.disconnect();
  });

  it('changes the address after the password, resets a forgotten password and ends the other session', async () => {
    const first = client();
    const username = uniqueName('rst');
    const email = `${username}@example.test`;
    await first.register(username, PASSWORD, { email });
    await first.verifyEmail(await linkTo(email, 'verify-email'));
    await expect(first.changeEmail(`new.${email}`, 'wrong password')).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(await first.changeEmail(`new.${email}`, PASSWORD)).toMatchObject({ email, pendingEmail: `new.${email}` });
    await first.connect();

    const second = client();
    await second.requestPasswordReset(email);
    const me = await second.resetPassword(await linkTo(email, 'reset-password'), 'a whole new password');
    expect(me.username).toBe(username);
    expect(await second.me()).toMatchObject({ username });
    await waitFor(() => first.status === 'closed', 'the older session to end');
    expect(await first.me()).toBeNull();
  });
});
