import { expect, request, test, type Page } from '@playwright/test';
import {
  DESKTOP, PASSWORD, PHONE, apiUser, befriend, browserFor, call, expectAccessible, expectNoSideways, openDm, sendText, shoot,
  smallTargets, type ApiUser, type Device, type Look,
} from './web-helpers';

/** The labels these checks use, in both languages. */
const L = {
  en: {
    find: 'Find or start a conversation', new: 'New', newDm: 'New message', newRoom: 'New room', browse: 'Browse rooms', chats: 'Chats',
    contacts: 'Contacts', me: 'Me', logout: 'Log out', settings: 'Settings', online: 'Online', welcome: 'Welcome to Natter', list: 'Conversations',
    login: 'Log in to Natter', theme: 'Theme', language: 'Language', back: 'Back to conversations',
  },
  'zh-CN': {
    find: '查找或开始会话', new: '新建', newDm: '发起私聊', newRoom: '新建聊天室', browse: '浏览聊天室', chats: '聊天',
    contacts: '通讯录', me: '我', logout: '退出登录', settings: '设置', online: '在线', welcome: '欢迎使用 Natter', list: '会话',
    login: '登录 Natter', theme: '主题', language: '语言', back: '返回会话列表',
  },
} as const;

const WIDTHS: [string, Device][] = [
  ['320', { ...PHONE, viewport: { width: 320, height: 640 } }],
  ['375', PHONE],
  ['1280', DESKTOP],
];

let me: ApiUser;
let pal: ApiUser;
let dmId: string;

test.beforeAll(async () => {
  me = await apiUser('comfy');
  pal = await apiUser('buddy');
  await befriend(me, pal);
  dmId = await openDm(me, pal);
  await sendText(pal, dmId, 'Hello there, shall we plan the picnic?');
});

test.afterAll(async () => {
  await me.api.dispose();
  await pal.api.dispose();
});

const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) });

/** Phones: nothing to tap is smaller than 44 × 44 px, measured from the layout. */
async function expectTargets(page: Page, phone: boolean, what: string): Promise<void> {
  if (!phone) return;
  expect(await smallTargets(page), `${what}: targets under 44 × 44 px`).toEqual([]);
}

async function check(page: Page, phone: boolean, what: string): Promise<void> {
  await expectTargets(page, phone, what);
  await expectNoSideways(page, what);
  await expectAccessible(page, what, { moderate: true });
}

for (const [width, device] of WIDTHS) {
  for (const theme of ['light', 'dark'] as const) {
    for (const lang of ['en', 'zh-CN'] as const) {
      const look: Look = { lang, theme };
      const name = `${width}-${theme}-${lang}`;
      const l = L[lang];
      const phone = device !== DESKTOP;

      test(`comfort at ${name}: log-in row, sidebar, menu, contacts online, one log out`, async ({ browser }) => {
        test.setTimeout(120_000);
        const errors: string[] = [];
        const anon = await browserFor(browser, device, look);
        const login = await anon.newPage();
        login.on('pageerror', (e) => errors.push(e.message));
        await login.goto('/');
        await expect(login.getByRole('heading', { name: l.login })).toBeVisible();
        // The brand once: in the heading, nowhere else.
        await expect(login.getByText('Natter', { exact: true })).toHaveCount(0);
        // Theme and language side by side.
        const themeBox = await login.getByLabel(l.theme).boundingBox();
        const langBox = await login.getByLabel(l.language).boundingBox();
        expect(Math.abs(themeBox!.y - langBox!.y), 'theme and language in one row').toBeLessThan(2);
        await shoot(login, `comfort-${name}-login`);
        await check(login, phone, `${name} log-in`);
        await anon.close();

        const palContext = await browserFor(browser, DESKTOP, look, pal);
        const palPage = await palContext.newPage();
        await palPage.goto('/');
        await expect(palPage.getByRole('navigation', { name: l.list })).toBeVisible();

        const context = await browserFor(browser, device, look, me);
        const page = await context.newPage();
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto('/');
        const find = page.getByRole('combobox', { name: l.find });
        await expect(find).toBeVisible();
        await expect(page.getByRole('navigation', { name: l.list }).getByRole('link', { name: new RegExp(`^${pal.username}`) })).toBeVisible();
        // One field and one "new" button in a single row, instead of three boxes.
        const newButton = page.getByRole('button', { name: l.new, exact: true });
        const findBox = await find.boundingBox();
        const newBox = await newButton.boundingBox();
        expect(Math.abs(findBox!.y + findBox!.height / 2 - (newBox!.y + newBox!.height / 2))).toBeLessThan(3);
        if (!phone) await expect(page.getByRole('heading', { name: new RegExp(l.welcome) })).toBeVisible();
        await expect(page.getByRole('button', { name: l.logout })).toHaveCount(0);
        await shoot(page, `comfort-${name}-chats`);
        await check(page, phone, `${name} chat list`);

        await newButton.click();
        const menu = page.getByRole('menu');
        await expect(menu.getByRole('menuitem')).toHaveText([l.newDm, l.newRoom, l.browse]);
        await expect(menu.getByRole('menuitem').first()).toBeFocused();
        await shoot(page, `comfort-${name}-new-menu`);
        await check(page, phone, `${name} new menu`);
        await page.keyboard.press('Escape');
        await expect(menu).toHaveCount(0);
        await expect(newButton).toBeFocused();

        // The contacts list with a friend online.
        await tab(page, l.contacts).click();
        await expect(page.locator('.person-sub.online').filter({ hasText: l.online })).toBeVisible();
        await shoot(page, `comfort-${name}-contacts-online`);
        await check(page, phone, `${name} contacts with a friend online`);

        // Log out lives on the Me page, once, and is not dressed as danger.
        await tab(page, l.me).click();
        const logout = page.getByRole('button', { name: l.logout });
        await expect(logout).toHaveCount(1);
        await expect(logout).not.toHaveClass(/danger/);
        await shoot(page, `comfort-${name}-me`);
        await check(page, phone, `${name} me`);

        await page.getByRole('button', { name: l.settings, exact: true }).click();
        const settings = page.getByRole('dialog', { name: l.settings });
        await expect(settings).toBeVisible();
        await expect(settings.getByRole('button', { name: l.logout })).toHaveCount(0);
        await expectTargets(page, phone, `${name} settings`);
        await context.close();
        await palContext.close();
        expect(errors).toEqual([]);
      });
    }
  }
}

for (const [width, device] of WIDTHS) {
  const phone = device !== DESKTOP;
  const lang = width === '375' ? 'zh-CN' : 'en';
  const l = L[lang];

  test(`the quick switcher by keyboard at ${width} (${lang})`, async ({ browser }) => {
    const stranger = await apiUser('roamer');
    const room = `hike${Date.now().toString(36).slice(-5)}`;
    await call(stranger, 'POST', '/api/rooms', { name: room, topic: '', visibility: 'public' });
    const context = await browserFor(browser, device, { lang, theme: width === '320' ? 'dark' : 'light' }, me);
    const page = await context.newPage();
    await page.goto(`/#/c/${dmId}`);
    await expect(page.getByRole('log').getByText('Hello there')).toBeVisible();
    const find = page.getByRole('combobox', { name: l.find });

    // From an open conversation (on a phone, the list comes back first).
    await page.keyboard.press('Control+k');
    await expect(find).toBeFocused();
    await find.pressSequentially(pal.username.slice(0, 7));
    const list = page.getByRole('listbox', { name: l.find });
    await expect(list.getByRole('option', { name: new RegExp(pal.username) }).first()).toBeVisible();
    await expect(find).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('Escape');
    await expect(find).toHaveValue('');
    await expect(list).toBeHidden();

    // A public room not joined yet, found and joined with Enter.
    await find.fill(room);
    const roomOption = list.getByRole('option', { name: new RegExp(`#${room}`) });
    await expect(roomOption).toBeVisible();
    await shoot(page, `comfort-${width}-switcher`);
    await expectAccessible(page, `${width} switcher`, { moderate: true });
    if (phone) expect(await smallTargets(page), `${width} switcher targets`).toEqual([]);
    await expectNoSideways(page, `${width} switcher`);
    // Move to the room's row with the arrows, then open it.
    const options = list.getByRole('option');
    const index = (await options.allTextContents()).findIndex((t) => t.includes(`#${room}`));
    for (let i = 0; i < index; i += 1) await page.keyboard.press('ArrowDown');
    await expect(roomOption).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: room, level: 2 })).toBeVisible();

    // A person: their conversation is at the top; Enter opens it.
    await page.keyboard.press('Control+k');
    await expect(find).toBeFocused();
    await find.fill(pal.username);
    await expect(list.getByRole('option').first()).toContainText(pal.username);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: pal.username, level: 2 })).toBeVisible();

    // Someone who takes messages from friends only: the refusal explains itself and offers a request.
    await page.keyboard.press('Control+k');
    await find.fill(stranger.username);
    const person = list.getByRole('option', { name: new RegExp(`^${stranger.username}`) });
    await expect(person).toBeVisible();
    await person.click();
    const refused = page.getByRole('alert').filter({ hasText: stranger.username });
    await expect(refused).toContainText(lang === 'en' ? 'friends only' : '只接收好友的私信');
    await shoot(page, `comfort-${width}-dm-refused`);
    await refused.getByRole('button').click();
    await expect(refused).toContainText(lang === 'en' ? 'Request sent' : '已向');
    await context.close();
    await stranger.api.dispose();
  });
}

test('the emoji picker closes after a pick, stays open with Shift, and closes on sending', async ({ browser }) => {
  for (const [width, device] of [['375', PHONE], ['1280', DESKTOP]] as const) {
    const context = await browserFor(browser, device, { lang: 'en', theme: 'light' }, me);
    const page = await context.newPage();
    await page.goto(`/#/c/${dmId}`);
    const composer = page.getByLabel(`Message ${pal.username}`);
    await expect(composer).toBeVisible();
    const picker = page.getByRole('dialog', { name: 'Emoji' });
    await page.getByRole('button', { name: 'Emoji' }).click();
    await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('party');
    await picker.getByRole('button', { name: 'party popper' }).click();
    await expect(picker).toHaveCount(0);
    await expect(composer).toHaveValue('🎉');

    await page.getByRole('button', { name: 'Emoji' }).click();
    await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('party');
    await picker.getByRole('button', { name: 'party popper' }).click({ modifiers: ['Shift'] });
    await expect(picker).toBeVisible();
    await expect(composer).toHaveValue('🎉🎉');
    await shoot(page, `comfort-${width}-picker-shift`);
    await composer.press('Enter');
    await expect(picker).toHaveCount(0);
    await expect(composer).toHaveValue('');
    await context.close();
  }
});

test('the notification offer: a banner in the list after three sends, never over the conversation, dismissal remembered', async ({ browser }) => {
  for (const [width, device] of [['375', PHONE], ['1280', DESKTOP]] as const) {
    const user = await apiUser('offer');
    const context = await browserFor(browser, device, { lang: 'en', theme: width === '375' ? 'dark' : 'light' }, user);
    const page = await context.newPage();
    await page.goto('/');
    test.skip((await page.evaluate(() => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission))) !== 'default', 'no permission prompt here');
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: /^general/ }).click();
    const composer = page.getByLabel('Message #general');
    const banner = page.getByRole('region', { name: 'Get notified of new messages?' });
    for (const [i, words] of ['one', 'two', 'three'].entries()) {
      await composer.fill(`Message number ${words}`);
      await composer.press('Enter');
      await expect(page.getByRole('log').getByText(`Message number ${words}`).first()).toBeVisible();
      if (i < 2) await expect(banner).toHaveCount(0);
    }
    if (width === '375') {
      // The conversation fills the phone: the banner waits in the list.
      await expect(banner).toBeHidden();
      await page.getByRole('button', { name: 'Back to conversations' }).click();
    }
    await expect(banner).toBeVisible();
    const sidebar = await page.locator('.sidebar').boundingBox();
    const box = await banner.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(sidebar!.x);
    expect(box!.x + box!.width).toBeLessThanOrEqual(sidebar!.x + sidebar!.width + 1);
    if (width === '1280') {
      const header = await page.locator('.conversation-head').boundingBox();
      expect(box!.x + box!.width <= header!.x || box!.y >= header!.y + header!.height, 'the banner does not cover the header').toBe(true);
    }
    await shoot(page, `comfort-${width}-notify-banner`);
    await expectAccessible(page, `${width} notification banner`, { moderate: true });
    if (width === '375') expect(await smallTargets(page)).toEqual([]);
    await banner.getByRole('button', { name: 'Not now' }).click();
    await expect(banner).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
    await expect(banner).toHaveCount(0);
    await context.close();
    await user.api.dispose();
  }
});

test('a friend request shows its note; accepting keeps me where I was and offers "Send a message"', async ({ browser }) => {
  for (const [width, device, lang] of [['375', PHONE, 'zh-CN'], ['1280', DESKTOP, 'en']] as const) {
    const asker = await apiUser('asker');
    const context = await browserFor(browser, device, { lang, theme: 'dark' }, me);
    const page = await context.newPage();
    await page.goto('/');
    await tab(page, L[lang].contacts).click();
    await call(asker, 'POST', '/api/friend-requests', { username: me.username, message: 'We met at the climbing gym' });
    await expect(page.locator('.request-note').filter({ hasText: '“We met at the climbing gym”' })).toBeVisible();
    await shoot(page, `comfort-${width}-request-note`);
    await page.getByRole('button', { name: lang === 'en' ? `Accept ${asker.username}` : `接受 ${asker.username}` }).click();
    const note = page.getByRole('status').filter({ hasText: lang === 'en' ? `You and ${asker.username} are now friends` : `你和 ${asker.username} 已成为好友` });
    await expect(note).toBeVisible();
    // Still on Contacts: no conversation was opened.
    await expect(tab(page, L[lang].contacts)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('heading', { name: asker.username, level: 2 })).toHaveCount(0);
    await shoot(page, `comfort-${width}-accepted`);
    if (width === '375') expect(await smallTargets(page)).toEqual([]);
    await note.getByRole('button', { name: lang === 'en' ? 'Send a message' : '发消息' }).click();
    await expect(page.getByRole('heading', { name: asker.username, level: 2 })).toBeVisible();
    await context.close();
    await asker.api.dispose();
  }
});

test('empty states: a new account sees how to start, the welcome pane, and the administrator is told where the console is', async ({ browser }) => {
  const fresh = await apiUser('newbie');
  const context = await browserFor(browser, DESKTOP, { lang: 'zh-CN', theme: 'light' }, fresh);
  const page = await context.newPage();
  await page.goto('/');
  const welcome = page.getByRole('main');
  await expect(welcome.getByRole('heading', { name: `欢迎使用 Natter，${fresh.username}` })).toBeVisible();
  await expect(welcome.getByText(new URL(page.url()).origin)).toBeVisible();
  await shoot(page, 'comfort-1280-welcome-zh');
  await expectAccessible(page, 'welcome', { moderate: true });
  await context.close();
  await fresh.api.dispose();

  // The administrator (ADMIN_USERNAMES in the e2e config; on a real server the first account).
  const cookies = await request.newContext({ baseURL: `http://127.0.0.1:${process.env.NATTER_E2E_PORT}` });
  let res = await cookies.post('/api/auth/login', { data: { username: 'e2e_moderator', password: PASSWORD } });
  if (res.status() !== 200) res = await cookies.post('/api/auth/register', { data: { username: 'e2e_moderator', password: PASSWORD } });
  expect(res.ok()).toBe(true);
  const storage = await cookies.storageState();
  await cookies.dispose();
  for (const [width, device] of [['375', PHONE], ['1280', DESKTOP]] as const) {
    const admin = await browser.newContext({ ...device, locale: 'en-US', storageState: storage });
    const adminPage = await admin.newPage();
    await adminPage.goto('/');
    const hint = adminPage.getByRole('region', { name: 'You are the administrator' });
    await expect(hint).toBeVisible();
    await expect(hint).toContainText('Me → Administration');
    await shoot(adminPage, `comfort-${width}-admin-hint`);
    if (width === '375') expect(await smallTargets(adminPage)).toEqual([]);
    if (width === '1280') {
      await hint.getByRole('button', { name: 'Open the console' }).click();
      await expect(adminPage.getByRole('heading', { name: 'Administration' })).toBeVisible();
      await adminPage.reload();
      await tab(adminPage, 'Chats').click();
      await expect(hint).toHaveCount(0);
    }
    await admin.close();
  }
});

test('an empty chat list says how to start, at 320 px', async ({ browser }) => {
  const fresh = await apiUser('blank');
  const convs = await call<{ conversations: { id: string; kind: string }[] }>(fresh, 'GET', '/api/conversations');
  for (const c of convs.conversations) await fresh.api.post(`/api/conversations/${c.id}/leave`);
  const context = await browserFor(browser, { ...PHONE, viewport: { width: 320, height: 640 } }, { lang: 'en', theme: 'dark' }, fresh);
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'No conversations yet' })).toBeVisible();
  await shoot(page, 'comfort-320-empty-list');
  await check(page, true, '320 empty list');
  await page.getByRole('button', { name: 'Find a friend' }).click();
  await expect(page.getByRole('searchbox', { name: 'Search people by username' })).toBeFocused();
  await context.close();
  await fresh.api.dispose();
});
