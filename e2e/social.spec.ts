import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signUpInBrowser } from './web-helpers';

const artifacts = path.join(import.meta.dirname, 'artifacts');
const PASSWORD = 'correct horse battery';

type Viewport = { width: number; height: number };

// The phone run is dark, the desktop run light: both themes get looked at.
const signUp = (browser: Browser, username: string, viewport: Viewport, errors: string[]) =>
  signUpInBrowser(browser, username, { password: PASSWORD, errors, viewport, colorScheme: viewport.width < 768 ? 'dark' : 'light' });

const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) });
const chatLink = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: new RegExp(`^${name}\\b`) });

/** On a phone the open conversation covers the list: go back to it first. */
async function backToList(page: Page, narrow: boolean): Promise<void> {
  if (!narrow) return;
  await page.getByRole('button', { name: 'Back to conversations' }).click();
}

for (const viewport of [{ width: 375, height: 812 }, { width: 1280, height: 800 }]) {
  const narrow = viewport.width < 768;
  const size = `${viewport.width}x${viewport.height}`;

  test(`friend request → accept → chat → unread badge → delete account, live (${size})`, async ({ browser }) => {
    const errors: string[] = [];
    const suffix = Date.now().toString(36).slice(-6);
    const alice = `alice_${suffix}`;
    const bob = `bob_${suffix}`;
    const a = await signUp(browser, alice, viewport, errors);
    const b = await signUp(browser, bob, viewport, errors);

    // Alice finds Bob by a prefix of his name and asks, with a note.
    await tab(a, 'Contacts').click();
    await a.getByLabel('Search people by username').fill(bob.slice(0, -2).toUpperCase());
    await a.getByRole('button', { name: 'Search', exact: true }).click();
    await a.getByLabel('Note with your request').fill('Hi Bob, it is Alice');
    await a.getByRole('button', { name: `Add ${bob} as a friend` }).click();
    await expect(a.getByText(`Friend request sent to ${bob}.`)).toBeVisible();
    await expect(a.getByText('Waiting for an answer')).toBeVisible();

    // Bob is told at once: an in-app notice and a badge on Contacts.
    await expect(b.getByText(`${alice} wants to be your friend`)).toBeVisible();
    await expect(tab(b, 'Contacts')).toContainText('1');
    await b.screenshot({ path: path.join(artifacts, `social-${size}-request-notice.png`) });
    await b.getByRole('button', { name: 'View request' }).click();
    await expect(b.getByText('“Hi Bob, it is Alice”')).toBeVisible();
    await b.getByRole('button', { name: `Accept ${alice}` }).click();

    // Accepting keeps Bob where he was and offers the direct conversation.
    await expect(b.getByRole('heading', { name: alice, level: 2 })).toHaveCount(0);
    await b.getByRole('button', { name: 'Send a message' }).click();
    await expect(b.getByRole('heading', { name: alice, level: 2 })).toBeVisible();
    const composer = b.getByLabel(`Message ${alice}`);
    await composer.fill('Hello Alice, nice to meet you');
    await composer.press('Enter');
    await expect(b.getByRole('log').getByText('Hello Alice, nice to meet you')).toBeVisible();

    // Alice sees an unread badge in the list and the total in the tab title, without a reload.
    await tab(a, 'Chats').click();
    await expect(chatLink(a, bob).locator('.count-badge')).toHaveText('1');
    await expect(a).toHaveTitle(/^\(1\) /);
    await a.screenshot({ path: path.join(artifacts, `social-${size}-unread.png`) });
    await chatLink(a, bob).click();
    await expect(a.getByRole('log').getByText('Hello Alice, nice to meet you')).toBeVisible();
    await expect(a).not.toHaveTitle(/^\(\d+\)/);
    // Bob's message is marked read for him.
    await expect(b.getByText('Read', { exact: true })).toBeVisible();
    await b.screenshot({ path: path.join(artifacts, `social-${size}-read-receipt.png`) });

    // Alice watches her contacts while Bob deletes his account.
    await backToList(a, narrow);
    await expect(chatLink(a, bob)).not.toContainText('1 unread');
    await tab(a, 'Contacts').click();
    const friends = a.getByRole('list', { name: 'Friends' });
    await expect(friends.getByText(bob)).toBeVisible();
    await expect(friends.getByText('Online')).toBeVisible();
    await a.screenshot({ path: path.join(artifacts, `social-${size}-contacts.png`) });

    await backToList(b, narrow);
    await tab(b, 'Me').click();
    await expect(b.getByText('This device')).toBeVisible();
    await b.screenshot({ path: path.join(artifacts, `social-${size}-me.png`) });
    await b.getByRole('button', { name: 'Delete account' }).click();
    const dialog = b.getByRole('dialog', { name: 'Delete your account?' });
    await dialog.getByLabel('Password').fill(PASSWORD);
    await b.screenshot({ path: path.join(artifacts, `social-${size}-delete.png`) });
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await expect(b.getByRole('heading', { name: 'Log in to Natter' })).toBeVisible();

    await expect(a.getByText('No friends yet. Find people by username below.')).toBeVisible();
    await tab(a, 'Chats').click();
    await expect(chatLink(a, 'Deleted user')).toBeVisible();
    await chatLink(a, 'Deleted user').click();
    // The old message now shows a deleted user as its sender, live.
    await expect(a.getByRole('log').getByText('Deleted user')).toBeVisible();
    await expect(a.getByRole('log').getByText(bob)).toHaveCount(0);
    await a.screenshot({ path: path.join(artifacts, `social-${size}-after-delete.png`) });
    expect(errors).toEqual([]);
  });
}
