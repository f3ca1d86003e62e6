import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { type ServerProcess, spawnServer } from '../packages/server/test/helpers/process';
import { TestSmtp } from '../packages/server/test/helpers/smtp';

/*
 * The suite's shared server does not require confirmed addresses, so this journey runs its own:
 * the real entry point in production mode, serving the built UI, mailing through a real SMTP
 * server on 127.0.0.1 that keeps what it receives.
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
  dataDir = mkdtempSync(path.join(tmpdir(), 'natter-e2e-email-'));
  const port = await freePort();
  server = await spawnServer({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    EMAIL_VERIFICATION: 'required',
    SMTP_URL: smtp.url,
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

test('sign up with a required address, open the link from the mail, land in the chat', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const username = `mail_${Date.now().toString(36).slice(-6)}`;
  const email = `${username}@mail.example.test`;

  await page.goto(`${server.url}/#/signup`);
  await expect(page.getByRole('heading', { name: 'Create your Natter account' })).toBeVisible();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('violet-otter-42-lantern');
  await page.getByRole('button', { name: 'Sign up' }).click();

  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await expect(page.getByText(`We sent a link to ${email}`)).toBeVisible();
  // Nothing of the chat is reachable before the address is confirmed.
  await page.goto(`${server.url}/#/`);
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Send the link again' }).click();
  await expect(page.getByText('A link went out moments ago.')).toBeVisible();

  const mail = await smtp.waitFor((m) => m.to.includes(email));
  expect(mail.subject).toBe('Confirm your email address for Natter');
  const link = /(http:\/\/\S+\/#\/verify-email\/[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  expect(link, mail.text).toBeTruthy();
  expect(link!.startsWith(server.url)).toBe(true);

  await page.goto(link!);
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: /^general\b/ })).toBeVisible();
  await expect(page).toHaveURL(`${server.url}/#/`);

  // The link worked once; opening it again says so.
  await page.goto(link!);
  await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
  expect(errors).toEqual([]);
  await context.close();
});
