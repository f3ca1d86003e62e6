import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISSED_CHECK_JOB } from '../src/modules/missed-mail/check';
import { startTestServer, type TestServer } from '../src/testing';
import { signUp, uniqueName } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { say } from './helpers/rooms';
import { befriend } from './helpers/social';
import { TestSmtp } from './helpers/smtp';

const dialects = await dialectsUnderTest();

/** A missed-message mail that fell due while no node was running is sent once, by one of the nodes that come back. */
describe.each(dialects)('missed-message email across a restart on $name', (dialect) => {
  let smtp: TestSmtp;
  let databaseUrl: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-missed-restart-'));
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

  const start = async (clockAheadMs = 0) => {
    const s = await startTestServer({
      databaseUrl,
      env: { SMTP_URL: smtp.url, EMAIL_VERIFICATION: 'off', PUBLIC_URL: 'https://chat.example.test', MISSED_MAIL_AFTER_MINUTES: '10', JOBS_POLL_MS: '30' },
    });
    s.app.ctx.now = () => Date.now() + clockAheadMs;
    servers.push(s);
    return s;
  };

  it('sends the due mail once when two nodes start on the database', async () => {
    const first = await start();
    const alice = await signUp(first.url, uniqueName('ra'));
    const email = `${alice.user.username}@mail.example.test`;
    await first.app.ctx.db.updateTable('users').set({ email, email_verified: 1 }).where('id', '=', alice.user.id).execute();
    const bob = await signUp(first.url, uniqueName('rb'));
    const dm = await befriend(bob, alice);
    await say(bob, dm.id, 'while everything was down');
    // The check is stored, due in ten minutes; then the node stops.
    await new Promise((r) => setTimeout(r, 100));
    expect(await first.app.ctx.jobs.pendingCount([MISSED_CHECK_JOB])).toBe(1);
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    const [b, c] = await Promise.all([start(11 * 60_000), start(11 * 60_000)]);
    const mail = await smtp.waitFor((m) => m.to.includes(email));
    expect(mail.text).toContain('while everything was down');
    await b.app.ctx.jobs.idle([MISSED_CHECK_JOB, 'mail'], { dueOnly: true });
    await c.app.ctx.jobs.idle([MISSED_CHECK_JOB, 'mail'], { dueOnly: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.to(email)).toHaveLength(1);
  });
});
