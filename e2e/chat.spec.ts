import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signUpInBrowser } from './web-helpers';

const artifacts = path.join(import.meta.dirname, 'artifacts');
const PASSWORD = 'violet-otter-42-lantern';

const pageErrors: string[] = [];

async function signUp(browser: Browser, username: string): Promise<Page> {
  const page = await signUpInBrowser(browser, username, { password: PASSWORD, errors: pageErrors });
  // Every account joins the public `general` room at sign-up.
  await expect(conversationLink(page, 'general')).toBeVisible();
  return page;
}

function conversationLink(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: new RegExp(`^${name}\\b`) });
}

async function send(page: Page, composerLabel: string, text: string): Promise<void> {
  const composer = page.getByLabel(composerLabel);
  await composer.fill(text);
  await composer.press('Enter');
  await expect(composer).toHaveValue('');
  await expect(page.getByRole('log').getByText(text)).toBeVisible();
}

test('two people chat in general and in a direct message, live and after a reload', async ({ browser }) => {
  const suffix = Date.now().toString(36).slice(-6);
  const alice = `alice_${suffix}`;
  const bob = `bob_${suffix}`;
  const inGeneral = `Hello everyone from ${alice}`;
  const inDm = `Hi ${bob}, just between us`;

  const a = await signUp(browser, alice);
  const b = await signUp(browser, bob);
  // By default only friends may open a DM; B lets anyone write (the privacy settings screen is not part of this journey).
  const csrf = (await b.context().cookies()).find((c) => c.name.endsWith('natter_csrf'))?.value ?? '';
  const opened = await b.request.patch('/api/settings', {
    data: { onlyFriendsMayDm: false },
    headers: { 'X-CSRF-Token': csrf },
  });
  expect(opened.status(), await opened.text()).toBe(200);

  // B keeps general open: the message must arrive without a reload.
  await conversationLink(b, 'general').click();
  await expect(b.getByRole('heading', { name: 'general', level: 2 })).toBeVisible();

  await conversationLink(a, 'general').click();
  await send(a, 'Message #general', inGeneral);
  await expect(b.getByRole('log').getByText(inGeneral)).toBeVisible();

  // A starts a direct conversation with B by username.
  await a.getByRole('button', { name: 'New', exact: true }).click();
  await a.getByRole('menuitem', { name: 'New message' }).click();
  const dialog = a.getByRole('dialog', { name: 'New direct message' });
  await dialog.getByLabel('Username').fill(bob);
  await dialog.getByRole('button', { name: 'Start conversation' }).click();
  await expect(a.getByRole('heading', { name: bob, level: 2 })).toBeVisible();
  await send(a, `Message ${bob}`, inDm);

  // The new conversation shows up in B's list live, with a preview of the message.
  const dmLink = conversationLink(b, alice);
  await expect(dmLink).toBeVisible();
  await expect(dmLink).toContainText(inDm);
  await dmLink.click();
  await expect(b.getByRole('log').getByText(inDm)).toBeVisible();
  await expect(b.getByText('Online', { exact: true })).toBeVisible();

  await b.reload();
  await expect(b.getByRole('log').getByText(inDm)).toBeVisible();
  await conversationLink(b, 'general').click();
  await expect(b.getByRole('log').getByText(inGeneral)).toBeVisible();

  await conversationLink(b, alice).click();
  await expect(b.getByRole('log').getByText(inDm)).toBeVisible();
  await b.screenshot({ path: path.join(artifacts, 'chat-1280x800.png') });

  await b.setViewportSize({ width: 375, height: 812 });
  await expect(b.getByRole('button', { name: 'Back to conversations' })).toBeVisible();
  await expect(b.getByLabel(`Message ${alice}`)).toBeInViewport();
  await b.screenshot({ path: path.join(artifacts, 'chat-375x812-conversation.png') });
  await b.getByRole('button', { name: 'Back to conversations' }).click();
  await expect(conversationLink(b, 'general')).toBeVisible();
  const noSideScroll = await b.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(noSideScroll).toBe(true);
  await b.screenshot({ path: path.join(artifacts, 'chat-375x812-list.png') });

  expect(pageErrors).toEqual([]);
  await a.context().close();
  await b.context().close();
});
