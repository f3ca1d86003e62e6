import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { DESKTOP, PHONE, apiUser, browserFor, call, shoot, uniqueName, type ApiUser } from './web-helpers';

/**
 * Chromium's offline mode stops new connections but leaves an open WebSocket alone, so the page's
 * sockets are tracked from the start and closed by hand, as a dropped network would.
 */
async function trackSockets(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Native = window.WebSocket;
    const open: WebSocket[] = [];
    (window as unknown as { __sockets: WebSocket[] }).__sockets = open;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        open.push(this);
      }
    };
  });
}

async function dropSockets(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const s of (window as unknown as { __sockets: WebSocket[] }).__sockets) s.close();
  });
}

async function openRoom(page: Page, room: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: new RegExp(`^${room}\\b`) }).click();
  await expect(page.getByRole('heading', { name: room, level: 2 })).toBeVisible();
}

let a: ApiUser;
let b: ApiUser;
test.afterAll(async () => {
  await a?.api.dispose();
  await b?.api.dispose();
});

test('messages typed offline are delivered once, in order, when the connection returns', async ({ browser }) => {
  a = await apiUser('trav');
  b = await apiUser('home');
  const room = uniqueName('trip');
  await call(a, 'POST', '/api/rooms', { name: room });
  await call(b, 'POST', `/api/rooms/${room}/join`);

  const phone = await browserFor(browser, PHONE, { lang: 'en', theme: 'light' }, a);
  await trackSockets(phone);
  const pa = await phone.newPage();
  const desk = await browserFor(browser, DESKTOP, { lang: 'en', theme: 'dark' }, b);
  const pb = await desk.newPage();
  await openRoom(pa, room);
  await openRoom(pb, room);

  await phone.setOffline(true);
  await dropSockets(pa);
  await expect(pa.getByText('Connection lost. Reconnecting…')).toBeVisible();

  const first = 'Typed in the tunnel, first';
  const second = 'Typed in the tunnel, second';
  const composer = pa.getByLabel(`Message #${room}`);
  for (const text of [first, second]) {
    await composer.fill(text);
    await composer.press('Enter');
    await expect(composer).toHaveValue('');
  }
  const log = pa.getByRole('log');
  await expect(log.getByText(first)).toBeVisible();
  await expect(log.getByText(second)).toBeVisible();
  await expect(log.getByText('Sending…')).toHaveCount(2);
  await shoot(pa, 'offline-375-pending');
  // Nothing leaks out while offline.
  await pb.waitForTimeout(1000);
  await expect(pb.getByRole('log').getByText(first)).toHaveCount(0);

  await phone.setOffline(false);
  await expect(pa.getByText('Connection lost. Reconnecting…')).toBeHidden({ timeout: 30_000 });
  await expect(log.getByText('Sending…')).toHaveCount(0, { timeout: 30_000 });
  await expect(pb.getByRole('log').getByText(second)).toBeVisible({ timeout: 30_000 });
  await shoot(pa, 'offline-375-delivered');
  await shoot(pb, 'offline-1280-received');

  const order = async (page: Page) =>
    (await page.getByRole('log').locator('.message-body').allTextContents()).filter((t) => t.startsWith('Typed in the tunnel'));
  await expect.poll(() => order(pa)).toEqual([first, second]);
  await expect.poll(() => order(pb)).toEqual([first, second]);

  // Stored once each, in order, as the server tells anyone who loads the room.
  const { conversation } = await call<{ conversation: { id: string } }>(b, 'GET', `/api/rooms/${room}`);
  const page = await call<{ messages: { body: string; seq: number }[] }>(b, 'GET', `/api/conversations/${conversation.id}/messages?limit=50`);
  expect(page.messages.map((m) => m.body)).toEqual([first, second]);
  await phone.close();
  await desk.close();
});
