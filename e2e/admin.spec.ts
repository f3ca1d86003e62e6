import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signUpInBrowser } from './web-helpers';

const artifacts = path.join(import.meta.dirname, 'artifacts');
const PASSWORD = 'violet-otter-42-lantern';
/** Named in the test server's ADMIN_USERNAMES (playwright.config.ts). */
const MODERATOR = 'e2e_moderator';

const general = (page: Page) => page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: /^general\b/ });

test('an administrator deletes a message for everyone and bans its sender, from the UI, and the audit log shows both', async ({ browser }) => {
  const errors: string[] = [];
  const troll = `troll_${Date.now().toString(36).slice(-6)}`;
  const spam = `Buy cheap followers now ${troll}`;
  const mod = await signUpInBrowser(browser, MODERATOR, { password: PASSWORD, errors });
  const bad = await signUpInBrowser(browser, troll, { password: PASSWORD, errors });

  await general(bad).click();
  const composer = bad.getByLabel('Message #general');
  await composer.fill(spam);
  await composer.press('Enter');
  await expect(bad.getByRole('log').getByText(spam)).toBeVisible();

  // The moderator, elsewhere in the app, gets a toast with the text.
  const toast = mod.getByRole('status').filter({ hasText: spam });
  await expect(toast).toBeVisible();
  await general(mod).click();
  const posted = mod.getByRole('log').getByRole('article').filter({ hasText: spam });
  await expect(posted).toBeVisible();
  await expect(toast).toBeVisible();
  // The message's actions menu (on hover) offers the administrator's delete; the sender's own is not there.
  mod.once('dialog', (d) => void d.accept());
  await posted.locator('.message').hover();
  await posted.getByRole('button', { name: 'Actions for this message' }).click();
  const menu = mod.getByRole('menu', { name: 'Message actions' });
  await expect(menu.getByRole('menuitem')).toHaveText(['Reply', 'React', 'Copy text', 'Forward', 'Delete (admin)']);
  await menu.getByRole('menuitem', { name: 'Delete (admin)' }).click();
  // Gone for everyone, live: the sender's screen too.
  await expect(mod.getByRole('log').getByText(spam)).toHaveCount(0);
  await expect(bad.getByRole('log').getByText(spam)).toHaveCount(0);
  await expect(bad.getByRole('log').getByText('Message deleted').last()).toBeVisible();
  // No toast keeps showing what was deleted (left alone, it would stay 6 s).
  await expect(toast).toHaveCount(0, { timeout: 3000 });

  await mod.getByRole('tab', { name: /^Me/ }).click();
  const admin = mod.getByRole('region', { name: 'Administration' });
  await admin.getByLabel('Find users by name').fill(troll);
  await admin.getByRole('button', { name: 'Find' }).click();
  await admin.getByLabel('Reason for a ban (optional)').fill('spam');
  const row = admin.getByRole('list', { name: 'Users' }).getByRole('listitem').filter({ hasText: troll });
  await row.getByRole('button', { name: 'Ban' }).click();
  await expect(row.getByText(/^Banned since/)).toBeVisible();
  await expect(row.getByRole('button', { name: 'Unban' })).toBeVisible();

  // The banned account's open page is signed out and told why.
  await expect(bad.getByText('This account has been banned by an administrator.')).toBeVisible({ timeout: 10_000 });
  await expect(admin.getByText(`${MODERATOR} banned ${troll}`)).toBeVisible();
  await expect(admin.getByText(`${MODERATOR} deleted a message by ${troll}`)).toBeVisible();
  await mod.screenshot({ path: path.join(artifacts, 'admin-1280-banned.png') });

  // The edit window: saved here, then what every client reads in /api/limits; back to no limit after.
  const editWindow = admin.getByLabel('Edit window (minutes)');
  await expect(editWindow).toHaveValue('0');
  await editWindow.fill('15');
  await admin.getByRole('button', { name: 'Save' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  expect(((await (await mod.request.get('/api/limits')).json()) as { editWindowMinutes: number }).editWindowMinutes).toBe(15);
  await admin.locator('.edit-window-setting').screenshot({ path: path.join(artifacts, 'admin-1280-edit-window.png') });
  await editWindow.fill('0');
  await admin.getByRole('button', { name: 'Save' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  expect(((await (await mod.request.get('/api/limits')).json()) as { editWindowMinutes: number }).editWindowMinutes).toBe(0);
  await bad.screenshot({ path: path.join(artifacts, 'admin-1280-banned-user.png') });

  // A banned account cannot sign in again.
  const again = await bad.request.post('/api/auth/login', { data: { username: troll, password: PASSWORD } });
  expect(again.status()).toBe(403);
  expect(errors).toEqual([]);
});
