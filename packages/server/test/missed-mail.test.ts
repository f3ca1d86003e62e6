import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../src/testing';
import { MISSED_CHECK_JOB, scheduleMissedMailCheck } from '../src/modules/missed-mail/check';
import { Api, signUp, Socket, uniqueName } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { say } from './helpers/rooms';
import { serverFor } from './helpers/server';
import { befriend } from './helpers/social';
import { type CapturedMail, TestSmtp } from './helpers/smtp';

const dialects = await dialectsUnderTest();
const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Missed-message email, end to end through a real SMTP server, with the server's clock moved forward. */
describe.each(dialects)('missed-message email on $name', (dialect) => {
  let smtp: TestSmtp;
  const env: Record<string, string> = {
    EMAIL_VERIFICATION: 'off',
    PUBLIC_URL: 'https://chat.example.test',
    MISSED_MAIL_AFTER_MINUTES: '10',
    MISSED_MAIL_INTERVAL_MINUTES: '60',
    JOBS_POLL_MS: '30',
    MAIL_RETRY_BASE_MS: '100',
  };
  const server = serverFor(dialect, env);
  let offset = 0;
  beforeAll(async () => {
    smtp = await TestSmtp.start();
    env.SMTP_URL = smtp.url;
    const { app } = await server();
    app.ctx.now = () => Date.now() + offset;
  });
  afterAll(async () => smtp?.close());

  /** Moves the server's clock and lets every job that became due run. */
  async function advance(s: TestServer, ms: number) {
    offset += ms;
    await sleep(80);
    await s.app.ctx.jobs.idle([MISSED_CHECK_JOB, 'mail'], { dueOnly: true });
  }

  async function person(s: TestServer, opts: { language?: 'en' | 'zh-CN' } = {}) {
    const p = await signUp(s.url, uniqueName('mm'));
    const email = `${p.user.username}@mail.example.test`;
    await s.app.ctx.db.updateTable('users').set({ email, email_verified: 1, language: opts.language ?? 'en' }).where('id', '=', p.user.id).execute();
    return { ...p, email };
  }

  const plain = (m: CapturedMail): CapturedMail => ({ ...m, text: m.text.replace(/\r\n/g, '\n') });
  const mailsTo = (email: string) => smtp.to(email).filter((m) => m.subject.includes('unread') || m.subject.includes('未读')).map(plain);

  /** Waits for the n-th such mail (a retried delivery is not "due" yet when the clock moved), then lists them. */
  async function mailed(email: string, n: number) {
    const deadline = Date.now() + 10_000;
    while (mailsTo(email).length < n && Date.now() < deadline) await sleep(20);
    return mailsTo(email);
  }

  async function dmPair(s: TestServer, opts: { language?: 'en' | 'zh-CN' } = {}) {
    const alice = await person(s, opts);
    const bob = await signUp(s.url, uniqueName('mb'));
    const dm = await befriend(bob, alice);
    return { alice, bob, dm };
  }

  it('after the away time, one mail lists the unread direct messages and mentions, and nothing else', async () => {
    const s = await server();
    const { alice, bob, dm } = await dmPair(s);
    const room = (await bob.api.post('/api/rooms', { name: uniqueName('r') })).body.conversation;
    expect((await alice.api.post(`/api/rooms/${room.name}/join`)).status).toBe(200);
    const first = await say(bob, dm.id, 'first line\nsecond line\nthird line\nfourth line');
    await say(bob, dm.id, 'are you there? <b>bold</b>');
    const mention = await say(bob, room.id, `hey @${alice.user.username} look`, { mentions: [alice.user.id] });
    await say(bob, room.id, 'a room message for nobody in particular');
    await say(bob, room.id, 'everyone!', { mentionsRoom: true });
    // Someone alice blocked mentions her: not mailed.
    const carol = await signUp(s.url, uniqueName('mc'));
    expect((await carol.api.post(`/api/rooms/${room.name}/join`)).status).toBe(200);
    expect((await alice.api.call('PUT', `/api/blocks/${carol.user.id}`)).status).toBeLessThan(300);
    await say(carol, room.id, `@${alice.user.username} from a blocked user`, { mentions: [alice.user.id] });

    await advance(s, 9 * MINUTE);
    expect(mailsTo(alice.email)).toHaveLength(0);
    await advance(s, 2 * MINUTE);
    const mail = plain(await smtp.waitFor((m) => m.to.includes(alice.email)));
    expect(mail.subject).toBe('You have 3 unread messages on Natter');
    expect(mail.text).toContain(`${bob.user.username} (direct message)`);
    expect(mail.text).toContain(`${bob.user.username} in #${room.name}`);
    expect(mail.text).toContain('  first line\n  second line\n  third line…');
    expect(mail.text).not.toContain('fourth line');
    expect(mail.text).not.toContain('nobody in particular');
    expect(mail.text).not.toContain('everyone!');
    expect(mail.text).not.toContain('from a blocked user');
    expect(mail.text).toContain(`https://chat.example.test/#/c/${dm.id}/m/${first.id}/${first.seq}`);
    expect(mail.text).toContain(`https://chat.example.test/#/c/${room.id}/m/${mention.id}/${mention.seq}`);
    expect(mail.html).toContain('are you there? &lt;b&gt;bold&lt;/b&gt;');
    expect(mail.headers['list-unsubscribe']).toMatch(/^<https:\/\/chat\.example\.test\/api\/unsubscribe\?token=[\w.-]+>$/);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    // The same messages are never mailed again, however long they stay unread.
    await scheduleMissedMailCheck(s.app.ctx, alice.user.id, s.app.ctx.now());
    await advance(s, 3 * 60 * MINUTE);
    expect(mailsTo(alice.email)).toHaveLength(1);
  });

  it('sends at most one mail per interval, and the next one holds only what is new', async () => {
    const s = await server();
    const { alice, bob, dm } = await dmPair(s, { language: 'zh-CN' });
    await say(bob, dm.id, 'one');
    await advance(s, 11 * MINUTE);
    expect(await mailed(alice.email, 1)).toHaveLength(1);
    expect(mailsTo(alice.email)[0]!.subject).toBe('你在 Natter 有 1 条未读消息');
    expect(mailsTo(alice.email)[0]!.text).toContain('（私信）');

    await say(bob, dm.id, 'two');
    await advance(s, 11 * MINUTE);
    expect(mailsTo(alice.email)).toHaveLength(1);
    await advance(s, 40 * MINUTE);
    expect(mailsTo(alice.email)).toHaveLength(1);
    await advance(s, 10 * MINUTE);
    const mails = await mailed(alice.email, 2);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.text).toContain('  two');
    expect(mails[1]!.text).not.toContain('  one');
  });

  it('is not sent while the user is online, nor for messages read before they left', async () => {
    const s = await server();
    const { alice, bob, dm } = await dmPair(s);
    const socket = await Socket.open(s.url, alice.token);
    const m = await say(bob, dm.id, 'seen live');
    await scheduleMissedMailCheck(s.app.ctx, alice.user.id, s.app.ctx.now());
    await advance(s, 11 * MINUTE);
    expect(mailsTo(alice.email)).toHaveLength(0);
    expect((await alice.api.post(`/api/conversations/${dm.id}/read`, { seq: m.seq })).status).toBe(204);
    socket.close();
    await socket.closed;
    await sleep(50);
    await advance(s, 11 * MINUTE);
    expect(mailsTo(alice.email)).toHaveLength(0);
    // Still away, and something new arrives: that one is mailed.
    await say(bob, dm.id, 'unread');
    await advance(s, 11 * MINUTE);
    const mails = await mailed(alice.email, 1);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('  unread');
    expect(mails[0]!.text).not.toContain('seen live');
  });

  it('respects the switch on the Me page', async () => {
    const s = await server();
    const { alice, bob, dm } = await dmPair(s);
    expect((await alice.api.get('/api/me/notifications/email')).body).toEqual({ notifications: { missedMessages: true, afterMinutes: 10, intervalMinutes: 60 } });
    const off = await alice.api.call('PUT', '/api/me/notifications/email', { missedMessages: false });
    expect(off.status).toBe(200);
    expect(off.body.notifications.missedMessages).toBe(false);
    expect((await alice.api.call('PUT', '/api/me/notifications/email', { missedMessages: 'no' })).status).toBe(400);
    expect((await alice.api.call('PUT', '/api/me/notifications/email', { missedMessages: true, extra: 1 })).status).toBe(400);
    expect((await new Api(s.url).get('/api/me/notifications/email')).status).toBe(401);
    await say(bob, dm.id, 'you will not hear of this');
    await advance(s, 11 * MINUTE);
    expect(mailsTo(alice.email)).toHaveLength(0);
  });

  it('the one-click unsubscribe works without a session and refuses a forged token', async () => {
    const s = await server();
    const { alice, bob, dm } = await dmPair(s);
    await say(bob, dm.id, 'hello');
    await advance(s, 11 * MINUTE);
    const [mail] = (await mailed(alice.email, 1)) as [CapturedMail];
    const link = /^<(.+)>$/.exec(mail.headers['list-unsubscribe']!)![1]!;
    const local = s.url + link.slice('https://chat.example.test'.length);
    const token = new URL(local).searchParams.get('token')!;
    expect(mail.text).toContain(link);

    const post = (url: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    // Forged: another user's id with alice's signature, a changed signature, nothing.
    const forged = [`${bob.user.id}.${token.split('.')[1]}`, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, '', 'x'.repeat(300)];
    for (const t of forged) {
      const res = await post(`${s.url}/api/unsubscribe?token=${encodeURIComponent(t)}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('This link does not work');
    }
    expect((await alice.api.get('/api/me/notifications/email')).body.notifications.missedMessages).toBe(true);

    // Opening the link changes nothing: it asks.
    const page = await fetch(local);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(await page.text()).toContain('<form method="post">');
    expect((await alice.api.get('/api/me/notifications/email')).body.notifications.missedMessages).toBe(true);

    const res = await post(local);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Unsubscribed');
    expect((await alice.api.get('/api/me/notifications/email')).body.notifications.missedMessages).toBe(false);
    // The browser form posts with no body at all; that works too and stays off.
    expect((await fetch(local, { method: 'POST' })).status).toBe(200);
    await say(bob, dm.id, 'after unsubscribing');
    await advance(s, 2 * 60 * MINUTE);
    expect(mailsTo(alice.email)).toHaveLength(1);
  });
});
