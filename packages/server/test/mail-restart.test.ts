import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing';
import { Api, uniqueName } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { linkToken, TestSmtp } from './helpers/smtp';

const dialects = await dialectsUnderTest();

/** A mail accepted before a restart is still delivered after it, once. */
describe.each(dialects)('mail across a restart on $name', (dialect) => {
  let smtp: TestSmtp;
  let databaseUrl: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-mail-restart-'));
  const servers: TestServer[] = [];
  beforeAll(async () => {
    smtp = await TestSmtp.start();
    databaseUrl = (await dialect.create()) ?? `sqlite:${path.join(dir, 'natter.db')}`;
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await smtp?.close();
    await dialect.dropAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    const s = await startTestServer({
      databaseUrl,
      env: { SMTP_URL: smtp.url, EMAIL_VERIFICATION: 'optional', MAIL_RETRY_BASE_MS: '400', MAIL_MAX_ATTEMPTS: '5', JOBS_POLL_MS: '50', SMTP_TIMEOUT_MS: '1500' },
    });
    servers.push(s);
    return s;
  };

  it('a mail deferred by the mail server when the node stops goes out once from the next one', async () => {
    smtp.mode = 'defer_data';
    const first = await start();
    const username = uniqueName('rs');
    const email = `${username}@mail.example.test`;
    const res = await new Api(first.url).post('/api/auth/register', { username, password: 'long enough pw', email });
    expect(res.status).toBe(201);
    while (smtp.refused === 0) await new Promise((r) => setTimeout(r, 20));
    await first.close();
    servers.splice(servers.indexOf(first), 1);
    expect(smtp.to(email)).toHaveLength(0);

    smtp.mode = 'accept';
    const second = await start();
    const mail = await smtp.waitFor((m) => m.to.includes(email));
    await second.app.ctx.mailer.idle();
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.to(email)).toHaveLength(1);
    // The link it carries still works.
    const verified = await new Api(second.url, res.body.token).post('/api/auth/verify-email', { token: linkToken(mail, 'verify-email') });
    expect(verified.status).toBe(200);
  });
});
