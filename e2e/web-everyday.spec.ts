import { expect, test, type Page } from '@playwright/test';
import { DESKTOP, PASSWORD, apiUser, browserFor, call, expectAccessible, sendText, uniqueName, type ApiUser } from './web-helpers';

let a: ApiUser;
let b: ApiUser;
test.afterAll(async () => {
  await a?.api.dispose();
  await b?.api.dispose();
});

const roomLink = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: new RegExp(`^${name}\\b`) });

test('toasts for other conversations, unread count in the title and on the tab icon, mute kept on the device', async ({ browser }) => {
  a = await apiUser('note');
  b = await apiUser('ping');
  const quiet = uniqueName('quiet');
  const busy = uniqueName('busy');
  const rooms: Record<string, string> = {};
  for (const name of [quiet, busy]) {
    const { conversation } = await call<{ conversation: { id: string } }>(a, 'POST', '/api/rooms', { name });
    rooms[name] = conversation.id;
    await call(b, 'POST', `/api/rooms/${name}/join`);
  }
  const context = await browserFor(browser, DESKTOP, { lang: 'en', theme: 'light' }, a);
  const page = await context.newPage();
  await page.goto('/');
  await roomLink(page, quiet).click();
  await expect(page.getByRole('heading', { name: quiet, level: 2 })).toBeVisible();

  await sendText(b, rooms[busy]!, 'Lunch at noon?');
  const toast = page.getByRole('status').filter({ hasText: `${b.username} in #${busy}` });
  await expect(toast).toContainText('Lunch at noon?');
  await expect(page).toHaveTitle(/^\(1\) /);
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', /^data:image\/png;base64,/);

  await toast.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByRole('heading', { name: busy, level: 2 })).toBeVisible();
  await expect(page).not.toHaveTitle(/^\(/);
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', './favicon.svg');

  const mute = page.getByRole('button', { name: 'Mute notifications' });
  await expect(mute).toHaveAttribute('aria-pressed', 'false');
  await mute.click();
  await expect(mute).toHaveAttribute('aria-pressed', 'true');
  await roomLink(page, quiet).click();
  await sendText(b, rooms[busy]!, 'Anyone?');
  await expect(roomLink(page, busy)).toContainText('Anyone?');
  await expect(page.getByRole('status').filter({ hasText: `#${busy}` })).toHaveCount(0);

  await page.reload();
  await roomLink(page, busy).click();
  await expect(page.getByRole('button', { name: 'Mute notifications' })).toHaveAttribute('aria-pressed', 'true');
  await context.close();
});

test('after a few messages sent, desktop notifications are offered once, in the list', async ({ browser }) => {
  const c = await apiUser('asks');
  const context = await browserFor(browser, DESKTOP, { lang: 'en', theme: 'dark' }, c);
  const page = await context.newPage();
  await page.goto('/');
  test.skip((await page.evaluate(() => typeof Notification === 'undefined' ? 'unsupported' : Notification.permission)) !== 'default', 'this browser has no permission prompt');
  // Never on load, nor after the first message: after the third, as a banner in the list.
  const offer = page.getByRole('region', { name: 'Get notified of new messages?' });
  await expect(offer).toHaveCount(0);
  await roomLink(page, 'general').click();
  const composer = page.getByLabel('Message #general');
  for (const words of ['First words here', 'Second words', 'Third words']) {
    await expect(offer).toHaveCount(0);
    await composer.fill(words);
    await composer.press('Enter');
    await expect(page.getByRole('log').getByText(words).first()).toBeVisible();
  }
  await expect(offer).toBeVisible();
  await expectAccessible(page, 'notification offer');
  await offer.getByRole('button', { name: 'Not now' }).click();
  await expect(offer).toHaveCount(0);
  await composer.fill('Fourth words');
  await composer.press('Enter');
  await expect(page.getByRole('log').getByText('Fourth words').first()).toBeVisible();
  await expect(offer).toHaveCount(0);
  // The settings switch stays available.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('checkbox', { name: 'Desktop notifications' })).not.toBeChecked();
  await context.close();
  await c.api.dispose();
});

async function focusByTab(page: Page, matches: () => Promise<boolean>, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await matches()) return;
  }
  throw new Error('never reached by Tab');
}

async function outlined(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return false;
    const s = getComputedStyle(el);
    return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  });
}

test('keyboard only: log in, open a room, send a message, open settings and close it', async ({ browser }) => {
  const k = await apiUser('keys');
  const context = await browser.newContext({ ...DESKTOP, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/');
  const username = page.getByLabel('Username');
  await focusByTab(page, () => username.evaluate((el) => el === document.activeElement));
  expect(await outlined(page)).toBe(true);
  await page.keyboard.type(k.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  const general = roomLink(page, 'general');
  await expect(general).toBeVisible();

  await focusByTab(page, () => general.evaluate((el) => el === document.activeElement));
  expect(await outlined(page)).toBe(true);
  await page.keyboard.press('Enter');
  const composer = page.getByLabel('Message #general');
  await focusByTab(page, () => composer.evaluate((el) => el === document.activeElement));
  await page.keyboard.type('Sent without a mouse');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('log').getByText('Sent without a mouse')).toBeVisible();

  const settings = page.getByRole('button', { name: 'Settings', exact: true });
  await focusByTab(page, () => settings.evaluate((el) => el === document.activeElement));
  expect(await outlined(page)).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Settings' })).toHaveCount(0);
  await context.close();
  await k.api.dispose();
});

test('installable: manifest and icons, and the app shell starts offline', async ({ browser }) => {
  const context = await browser.newContext({ ...DESKTOP, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = (await (await page.request.get(new URL(href!, page.url()).href)).json()) as {
    name: string;
    display: string;
    start_url: string;
    icons: { src: string; sizes: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({ name: 'Natter', display: 'standalone', start_url: './' });
  expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
  for (const icon of manifest.icons) {
    const res = await page.request.get(new URL(icon.src, page.url()).href);
    expect(res.headers()['content-type']).toContain('image/png');
  }
  // The worker takes over once it has stored the shell.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText('Could not reach the server.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  // The API is never answered from the cache.
  const cachedApi = await page.evaluate(async () => {
    const keys = await caches.keys();
    let n = 0;
    for (const k of keys) for (const r of await (await caches.open(k)).keys()) if (new URL(r.url).pathname.includes('/api/')) n++;
    return n;
  });
  expect(cachedApi).toBe(0);
  await context.close();
});
