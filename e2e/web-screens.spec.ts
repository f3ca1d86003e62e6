import { expect, test, type Page } from '@playwright/test';
import {
  DESKTOP, PHONE, apiUser, befriend, browserFor, expectAccessible, expectNoSideways, openDm, sendText, shoot, type ApiUser, type Look,
} from './web-helpers';

/** The few labels these journeys click, in both languages. */
const L = {
  en: { chats: 'Chats', contacts: 'Contacts', me: 'Me', back: 'Back to conversations', list: 'Conversations', login: 'Log in to Natter', settings: 'Settings', message: 'Message', today: 'Today', online: 'Online' },
  'zh-CN': { chats: '聊天', contacts: '通讯录', me: '我', back: '返回会话列表', list: '会话', login: '登录 Natter', settings: '设置', message: '发消息给', today: '今天', online: '在线' },
} as const;

let me: ApiUser;
let pal: ApiUser;
let dmId: string;
const lines = ['Morning! Are we still on for the trip on Saturday?', '好的，我们周六早上九点在车站见。', 'Great, I will bring the map and some snacks 🍙'];

test.beforeAll(async () => {
  me = await apiUser('ui');
  pal = await apiUser('pal');
  await befriend(me, pal);
  dmId = await openDm(me, pal);
  await sendText(pal, dmId, lines[0]!);
  await sendText(me, dmId, lines[1]!);
  await sendText(pal, dmId, lines[2]!);
});

test.afterAll(async () => {
  await me.api.dispose();
  await pal.api.dispose();
});

const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) });

for (const [device, deviceName] of [
  [PHONE, '375'],
  [DESKTOP, '1280'],
] as const) {
  for (const theme of ['light', 'dark'] as const) {
    for (const lang of ['en', 'zh-CN'] as const) {
      const look: Look = { lang, theme };
      const name = `${deviceName}-${theme}-${lang}`;
      const l = L[lang];
      const narrow = device === PHONE;

      test(`main screens at ${name}: look, accessibility, no sideways scrolling`, async ({ browser }) => {
        // Six screens with an accessibility scan each.
        test.setTimeout(120_000);
        const errors: string[] = [];
        // Signed out: the log-in page.
        const anon = await browserFor(browser, device, look);
        const login = await anon.newPage();
        login.on('pageerror', (e) => errors.push(e.message));
        await login.goto('/');
        await expect(login.getByRole('heading', { name: l.login })).toBeVisible();
        await expect(login.locator('html')).toHaveClass(theme === 'dark' ? /theme-dark/ : /theme-light/);
        await expect(login.locator('html')).toHaveAttribute('lang', lang);
        await shoot(login, `${name}-auth`);
        await expectAccessible(login, `${name} auth`);
        await expectNoSideways(login, `${name} auth`);
        await anon.close();

        const context = await browserFor(browser, device, look, me);
        const page = await context.newPage();
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto('/');
        const list = page.getByRole('navigation', { name: l.list });
        await expect(list.getByRole('link', { name: new RegExp(`^${pal.username}`) })).toBeVisible();
        // Phones put the tabs in a bar at the bottom of the screen.
        const tabsBox = await page.getByRole('tablist').boundingBox();
        if (narrow) expect(tabsBox!.y + tabsBox!.height).toBeGreaterThan(device.viewport.height - 4);
        else expect(tabsBox!.y).toBeLessThan(300);
        await shoot(page, `${name}-chats`);
        await expectAccessible(page, `${name} chat list`);
        await expectNoSideways(page, `${name} chat list`);

        await list.getByRole('link', { name: new RegExp(`^${pal.username}`) }).click();
        const log = page.getByRole('log');
        for (const line of lines) await expect(log.getByText(line)).toBeVisible();
        await expect(log.getByRole('heading', { name: l.today })).toBeVisible();
        const composer = page.getByLabel(`${l.message} ${pal.username}`);
        await expect(composer).toBeVisible();
        if (narrow) {
          // Full screen: the list is gone and the composer sits at the bottom.
          await expect(list).toBeHidden();
          const box = await composer.boundingBox();
          expect(box!.y + box!.height).toBeGreaterThan(device.viewport.height - 120);
        }
        await shoot(page, `${name}-conversation`);
        await expectAccessible(page, `${name} conversation`);
        await expectNoSideways(page, `${name} conversation`);

        if (narrow) await page.getByRole('button', { name: l.back }).click();
        // The contacts list with the friend online, so the presence line is scanned too.
        const palContext = await browserFor(browser, DESKTOP, look, pal);
        await (await palContext.newPage()).goto('/');
        await tab(page, l.contacts).click();
        await expect(page.getByText(pal.username).first()).toBeVisible();
        await expect(page.locator('.person-sub.online').filter({ hasText: l.online })).toBeVisible();
        await shoot(page, `${name}-contacts`);
        await expectAccessible(page, `${name} contacts`);
        await expectNoSideways(page, `${name} contacts`);
        await palContext.close();

        await tab(page, l.me).click();
        await expect(page.getByText(me.username).first()).toBeVisible();
        await shoot(page, `${name}-me`);
        await expectAccessible(page, `${name} me`);
        await expectNoSideways(page, `${name} me`);

        await page.getByRole('button', { name: l.settings, exact: true }).click();
        const dialog = page.getByRole('dialog', { name: l.settings });
        await expect(dialog).toBeVisible();
        await shoot(page, `${name}-settings`);
        await expectAccessible(page, `${name} settings`);
        await context.close();
        expect(errors).toEqual([]);
      });
    }
  }
}

test('at 320 px nothing scrolls sideways, in both languages', async ({ browser }) => {
  const errors: string[] = [];
  for (const look of [{ lang: 'en', theme: 'light' }, { lang: 'zh-CN', theme: 'dark' }] as const) {
    const context = await browserFor(browser, { ...PHONE, viewport: { width: 320, height: 640 } }, look, me);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/');
    const l = L[look.lang];
    await page.getByRole('navigation', { name: l.list }).getByRole('link', { name: new RegExp(`^${pal.username}`) }).click();
    await expect(page.getByRole('log').getByText(lines[2]!)).toBeVisible();
    await expectNoSideways(page, `320 ${look.lang} conversation`);
    await shoot(page, `320-${look.theme}-${look.lang}-conversation`);
    await page.getByRole('button', { name: l.back }).click();
    for (const t of [l.chats, l.contacts, l.me]) {
      await tab(page, t).click();
      await expectNoSideways(page, `320 ${look.lang} ${t}`);
    }
    await shoot(page, `320-${look.theme}-${look.lang}-me`);
    await context.close();
  }
  expect(errors).toEqual([]);
});
