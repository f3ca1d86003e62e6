import { expect, test } from '@playwright/test';
import { DESKTOP, PHONE, apiUser, browserFor, call, expectAccessible, expectNoSideways, sendText, shoot, uniqueName, type ApiUser } from './web-helpers';

let a: ApiUser;
let b: ApiUser;
test.afterAll(async () => {
  await a?.api.dispose();
  await b?.api.dispose();
});

test('a Chinese search on a phone opens the result in its conversation, history around it', async ({ browser }) => {
  a = await apiUser('srch');
  b = await apiUser('srchb');
  const room = uniqueName('搜索');
  const { conversation } = await call<{ conversation: { id: string } }>(a, 'POST', '/api/rooms', { name: room });
  await call(b, 'POST', `/api/rooms/${encodeURIComponent(room)}/join`);
  for (let i = 1; i <= 30; i++) await sendText(i % 2 ? a : b, conversation.id, `早一点的消息 ${i}`);
  await sendText(b, conversation.id, '我家在上海东边。');
  for (let i = 1; i <= 90; i++) await sendText(i % 2 ? a : b, conversation.id, `后来的消息 ${i}`);

  const context = await browserFor(browser, PHONE, { lang: 'zh-CN', theme: 'dark' }, a);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await page.getByRole('button', { name: '搜索消息' }).tap();
  const dialog = page.getByRole('dialog', { name: '搜索消息' });
  await dialog.getByRole('searchbox', { name: '要查找的内容' }).fill('上海');
  const hit = dialog.getByRole('button', { name: /我家在上海东边。/ });
  await expect(hit).toBeVisible();
  await expect(hit.locator('mark')).toHaveText('上海');
  // The view takes the whole phone screen.
  const box = (await dialog.boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(370);
  await expectNoSideways(page, 'search on a phone');
  await expectAccessible(page, 'search on a phone');
  await shoot(page, 'search-phone-zh-dark');

  await hit.tap();
  await expect(dialog).toBeHidden();
  const log = page.getByRole('log');
  const target = log.locator('.highlight', { hasText: '我家在上海东边。' });
  await expect(target).toBeInViewport();
  // History on both sides of it is there to scroll through.
  await expect(log.getByText('早一点的消息 30', { exact: true })).toBeAttached();
  await expect(log.getByText('后来的消息 1', { exact: true })).toBeAttached();
  await shoot(page, 'search-phone-opened');
  expect(errors).toEqual([]);
  await context.close();
});

test('on a desktop the filters sit beside the results and narrow them', async ({ browser }) => {
  const c = await apiUser('srchc');
  const room = uniqueName('filters');
  const { conversation } = await call<{ conversation: { id: string } }>(c, 'POST', '/api/rooms', { name: room });
  await sendText(c, conversation.id, 'deploy notes https://example.com/notes');
  await sendText(c, conversation.id, 'deploy tomorrow');
  const context = await browserFor(browser, DESKTOP, { lang: 'en', theme: 'light' }, c);
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: 'Search messages' }).click();
  const dialog = page.getByRole('dialog', { name: 'Search messages' });
  await dialog.getByRole('searchbox').fill('depl');
  await expect(dialog.getByRole('listitem')).toHaveCount(2);
  const side = dialog.getByRole('complementary', { name: 'Filters' });
  await side.getByLabel('Contains').selectOption('link');
  await expect(dialog.getByRole('listitem')).toHaveCount(1);
  await expect(dialog.getByRole('listitem')).toContainText('deploy notes');
  await expectAccessible(page, 'search on a desktop');
  await shoot(page, 'search-desktop-en-light');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await c.api.dispose();
  await context.close();
});

test('Ctrl+K finds a message among people and rooms and opens it in context; the last row opens the full view', async ({ browser }) => {
  const d = await apiUser('srchk');
  const room = uniqueName('switch');
  const { conversation } = await call<{ conversation: { id: string } }>(d, 'POST', '/api/rooms', { name: room });
  await sendText(d, conversation.id, '鈴虫が鳴いている');
  for (let i = 1; i <= 40; i++) await sendText(d, conversation.id, `filler ${i}`);
  const context = await browserFor(browser, DESKTOP, { lang: 'en', theme: 'dark' }, d);
  const page = await context.newPage();
  await page.goto('/');
  const find = page.getByRole('combobox', { name: 'Find or start a conversation' });
  // The shortcut is the chat's: wait until its chunk has loaded.
  await expect(find).toBeVisible();
  await page.keyboard.press('Control+k');
  await expect(find).toBeFocused();
  await find.fill('鈴虫');
  const list = page.getByRole('listbox', { name: 'Find or start a conversation' });
  const hit = list.getByRole('option', { name: /鈴虫が鳴いている/ });
  await expect(hit).toBeVisible();
  const all = list.getByRole('option', { name: 'Search all messages for “鈴虫”' });
  await expect(all).toBeVisible();
  await expectAccessible(page, 'switcher with a found message');
  await shoot(page, 'search-switcher-desktop-dark');
  // Keyboard: the found message is the first option (no conversation or person is called 鈴虫).
  await expect(hit).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  const log = page.getByRole('log');
  await expect(log.locator('.highlight', { hasText: '鈴虫が鳴いている' })).toBeInViewport();

  await page.keyboard.press('Control+k');
  await find.fill('filler 3');
  await list.getByRole('option', { name: 'Search all messages for “filler 3”' }).click();
  const dialog = page.getByRole('dialog', { name: 'Search messages' });
  await expect(dialog.getByRole('searchbox')).toHaveValue('filler 3');
  await expect(dialog.getByRole('listitem').first()).toContainText('filler');
  await d.api.dispose();
  await context.close();
});
