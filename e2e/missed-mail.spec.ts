import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type ServerProcess, spawnServer } from '../packages/server/test/helpers/process';
import { TestSmtp } from '../packages/server/test/helpers/smtp';
import { expectAccessible, expectNoSideways, shoot } from './web-helpers';

/*
 * The missed-message email from the Me page's switch to the mail's links: its own server (a short
 * away time) mailing through a real SMTP server on 127.0.0.1.
 */
const repoRoot = path.resolve(import.meta.dirname, '..');
let smtp: TestSmtp;
let server: ServerProcess;
let dataDir: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

test.beforeAll(async () => {
  smtp = await TestSmtp.start();
  dataDir = mkdtempSync(path.join(tmpdir(), 'natter-e2e-missed-'));
  const port = await freePort();
  server = await spawnServer({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    EMAIL_VERIFICATION: 'optional',
    SMTP_URL: smtp.url,
    MISSED_MAIL_AFTER_MINUTES: '0.02',
    JOBS_POLL_MS: '100',
    WEB_DIST: path.join(repoRoot, 'packages/web/dist'),
    DATA_DIR: dataDir,
  });
});

test.afterAll(async () => {
  if (server) {
    const exited = new Promise((resolve) => server.child.on('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
  }
  await smtp?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const textOf = (text: string) => text.replace(/\r\n/g, '\n');

async function meSwitch(page: Page, label: string) {
  await page.getByRole('tab', { name: /^(Me|我)/ }).click();
  return page.getByRole('checkbox', { name: label });
}

test('the Me page switch, the mail about a missed mention, its link to the message, and one-click unsubscribe', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const username = `miss_${Date.now().toString(36).slice(-6)}`;
  const email = `${username}@mail.example.test`;

  await page.goto(`${server.url}/#/signup`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('violet-otter-42-lantern');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();

  // Before the address is confirmed the switch cannot be used.
  let toggle = await meSwitch(page, 'Email me about missed messages');
  await expect(toggle).toBeDisabled();
  await expect(page.getByText('Needs a confirmed address.')).toBeVisible();

  const verify = await smtp.waitFor((m) => m.to.includes(email));
  await page.goto(/(http:\/\/\S+\/#\/verify-email\/[A-Za-z0-9_-]+)/.exec(verify.text)![1]!);
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
  toggle = await meSwitch(page, 'Email me about missed messages');
  await expect(toggle).toBeChecked();
  await expect(toggle).toBeEnabled();
  await expect(page.getByText('After 0.02 min away with unread direct messages or mentions; at most one email every 60 min.')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Email me about missed messages' }).scrollIntoViewIfNeeded();
  await shoot(page, 'missed-mail-me-1280');
  await expectAccessible(page, 'me page with the missed-mail switch');
  await page.setViewportSize({ width: 375, height: 740 });
  await toggle.scrollIntoViewIfNeeded();
  await shoot(page, 'missed-mail-me-375');
  await expectNoSideways(page, 'me page at 375 px');
  // Touch target: the whole label row is the control.
  const row = await page.locator('label.check', { has: toggle }).boundingBox();
  expect(row!.height).toBeGreaterThanOrEqual(44);

  const me = (await (await page.request.get(`${server.url}/api/me`)).json()) as { user: { id: string } };
  const storage = await context.storageState();
  await context.close();

  // Someone else mentions them in general while no tab of theirs is open.
  const other = await fetch(`${server.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: `${username}_b`, password: 'violet-otter-42-lantern' }),
  }).then((r) => r.json() as Promise<{ token: string }>);
  const auth = { authorization: `Bearer ${other.token}`, 'content-type': 'application/json' };
  const { conversations } = (await fetch(`${server.url}/api/conversations`, { headers: auth }).then((r) => r.json())) as { conversations: { id: string; name: string | null }[] };
  const general = conversations.find((c) => c.name === 'general')!;
  const sent = await fetch(`${server.url}/api/conversations/${general.id}/messages`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ clientMsgId: `e2e-${Date.now()}`, body: `@${username} the lantern is lit`, mentions: [me.user.id] }),
  });
  expect(sent.status).toBe(201);

  const mail = await smtp.waitFor((m) => m.to.includes(email) && m.subject === 'You have an unread message on Natter', 20_000);
  const text = textOf(mail.text);
  expect(text).toContain(`${username}_b in #general`);
  const messageLink = /(http:\/\/\S+\/#\/c\/\S+\/m\/\S+\/\d+)/.exec(text)![1]!;
  const unsubscribe = /^<(.+)>$/.exec(mail.headers['list-unsubscribe']!)![1]!;

  // The link opens general at that message.
  const back = await browser.newContext({ locale: 'en-US', viewport: { width: 375, height: 740 }, storageState: storage });
  const again = await back.newPage();
  again.on('pageerror', (e) => errors.push(e.message));
  await again.goto(messageLink);
  // Scrolled to and focused, as a search result is.
  await expect(again.locator(':focus')).toContainText('the lantern is lit');
  await shoot(again, 'missed-mail-link-375');

  // The unsubscribe page, opened with no session: it asks, and one press turns the mail off.
  const stranger = await browser.newContext({ locale: 'zh-CN', viewport: { width: 375, height: 740 } });
  const page3 = await stranger.newPage();
  await page3.goto(unsubscribe);
  await expect(page3.getByRole('heading', { name: 'Stop missed-message emails?' })).toBeVisible();
  await shoot(page3, 'missed-mail-unsubscribe-375');
  await expectAccessible(page3, 'unsubscribe page');
  await page3.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(page3.getByRole('heading', { name: 'Unsubscribed' })).toBeVisible();
  await stranger.close();

  await again.goto(`${server.url}/#/`);
  toggle = await meSwitch(again, 'Email me about missed messages');
  await expect(toggle).not.toBeChecked();
  await again.close();

  // The same page in Chinese.
  const zh = await browser.newContext({ locale: 'zh-CN', viewport: { width: 375, height: 740 }, storageState: storage });
  const zhPage = await zh.newPage();
  await zhPage.goto(`${server.url}/#/`);
  const zhToggle = await meSwitch(zhPage, '用邮件提醒我错过的消息');
  await expect(zhToggle).not.toBeChecked();
  await zhToggle.scrollIntoViewIfNeeded();
  await shoot(zhPage, 'missed-mail-me-zh-375');
  await zh.close();
  await back.close();
  expect(errors).toEqual([]);
});
