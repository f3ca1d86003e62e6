import { expect, test, type Locator } from '@playwright/test';
import { DESKTOP, apiUser, browserFor, call, sendText, uniqueName, type ApiUser } from './web-helpers';

const TOTAL = 300;
const label = (n: number) => `msg ${String(n).padStart(4, '0')}`;

let a: ApiUser;
let b: ApiUser;
test.afterAll(async () => {
  await a?.api.dispose();
  await b?.api.dispose();
});

async function topOf(log: Locator, text: string): Promise<number> {
  const [row, box] = await Promise.all([log.getByText(text, { exact: true }).boundingBox(), log.boundingBox()]);
  return row!.y - box!.y;
}

test('a long history is virtualized, keeps its place when older pages load and counts new messages', async ({ browser }) => {
  a = await apiUser('hist');
  b = await apiUser('talk');
  const room = uniqueName('long');
  const { conversation } = await call<{ conversation: { id: string } }>(a, 'POST', '/api/rooms', { name: room });
  await call(b, 'POST', `/api/rooms/${room}/join`);
  for (let i = 1; i <= TOTAL; i++) await sendText(i % 3 === 0 ? a : b, conversation.id, label(i));

  const context = await browserFor(browser, DESKTOP, { lang: 'en', theme: 'light' }, a);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/`);
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: new RegExp(`^${room}\\b`) }).click();
  const log = page.getByRole('log');
  await expect(log.getByText(label(TOTAL), { exact: true })).toBeInViewport();
  await expect(page.getByRole('button', { name: /Jump to latest|new message/ })).toHaveCount(0);

  // Older pages arrive a little late, so what is on screen can be measured while they load.
  await page.route(/\/api\/conversations\/[^/]+\/messages\?.*before=/, async (route) => {
    await new Promise((r) => setTimeout(r, 400));
    await route.continue();
  });
  // Older pages, one after the other: what was at the top stays where it was.
  for (let round = 0; round < 3; round++) {
    await log.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect(log.getByText('Loading earlier messages…')).toBeVisible();
    const oldest = (await log.locator('.message-body').first().textContent())!;
    const before = await topOf(log, oldest);
    await expect(log.getByText('Loading earlier messages…')).toBeHidden();
    await expect(log.getByText(label(Number(oldest.slice(4)) - 1), { exact: true })).toBeAttached();
    await expect.poll(async () => Math.abs((await topOf(log, oldest)) - before)).toBeLessThan(40);
  }
  // Only the rows near the viewport are in the page, however much history is loaded.
  expect(await log.locator('.message-body').count()).toBeLessThan(120);
  expect(await log.getByText(label(TOTAL), { exact: true }).count()).toBe(0);

  // Scrolled up: new messages from others are counted on the jump button.
  for (let i = 1; i <= 3; i++) await sendText(b, conversation.id, `late ${i}`);
  const jump = page.getByRole('button', { name: '3 new messages' });
  await expect(jump).toBeVisible();
  await jump.click();
  await expect(log.getByText('late 3', { exact: true })).toBeInViewport();
  await expect(page.getByRole('button', { name: /Jump to latest|new message/ })).toHaveCount(0);
  await context.close();
  expect(errors).toEqual([]);
});
