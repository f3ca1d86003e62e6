import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  DESKTOP, PHONE, apiUser, befriend, browserFor, expectAccessible, expectNoSideways, openDm, sendText, shoot, type ApiUser, type Device, type Look,
} from './web-helpers';

/** Labels these journeys read, in both languages. */
const L = {
  en: { list: 'Conversations', reply: 'Reply', react: 'React', edit: 'Edit', forward: 'Forward', pin: 'Pin', copy: 'Copy text', del: 'Delete', copied: 'Copied', cancel: 'Cancel', menu: 'Message actions', open: 'Actions for this message', deleted: 'Message deleted' },
  'zh-CN': { list: '会话', reply: '回复', react: '表情回应', edit: '编辑', forward: '转发', pin: '置顶', copy: '复制文字', del: '删除', copied: '已复制', cancel: '取消', menu: '消息操作', open: '此消息的操作', deleted: '消息已删除' },
} as const;

let me: ApiUser;
let pal: ApiUser;
let dmId: string;
const plan = 'Plans for **Saturday**:\n- train at `9:10`\n- lunch at [the café](https://example.com/cafe)\n\n> bring a coat';
const longCode = '```\nplatform 4, carriage 7 — this line is far longer than a phone is wide and scrolls sideways inside its block\n```';

test.beforeAll(async () => {
  // The first account of a server is its administrator; these two must be ordinary members.
  await (await apiUser('mdfirst')).api.dispose();
  me = await apiUser('md');
  pal = await apiUser('mdpal');
  await befriend(me, pal);
  dmId = await openDm(me, pal);
  await sendText(pal, dmId, plan);
  await sendText(me, dmId, `Sounds good @${pal.username}! ~~maybe~~ definitely`);
  await sendText(pal, dmId, longCode);
  await sendText(me, dmId, '👍🎉');
  await sendText(pal, dmId, `@${me.username} the map: https://example.org/map`);
});

test.afterAll(async () => {
  await me.api.dispose();
  await pal.api.dispose();
});

async function openChat(page: Page, look: Look): Promise<Locator> {
  await page.goto('/');
  await page.getByRole('navigation', { name: L[look.lang].list }).getByRole('link', { name: new RegExp(`^${pal.username}`) }).click();
  const log = page.getByRole('log');
  await expect(log.getByText('the map:')).toBeVisible();
  return log;
}

/** The message (the element with the actions) whose text contains this. */
const messageWith = (log: Locator, text: string) => log.locator('.message').filter({ hasText: text });

/** A finger held on the element until the menu shows, then lifted: the gesture as people make it. */
async function longPress(page: Page, target: Locator, menu: Locator): Promise<void> {
  const box = (await target.boundingBox())!;
  const cdp = await page.context().newCDPSession(page);
  const point = { x: box.x + Math.min(40, box.width / 2), y: box.y + box.height / 2 };
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
  await expect(menu).toBeVisible();
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

async function expectFormatted(page: Page, log: Locator): Promise<void> {
  const planMessage = messageWith(log, 'Plans for');
  await expect(planMessage.locator('strong')).toHaveText('Saturday');
  await expect(planMessage.locator('li')).toHaveText(['train at 9:10', 'lunch at the café']);
  await expect(planMessage.locator('code')).toHaveText('9:10');
  await expect(planMessage.locator('blockquote')).toHaveText('bring a coat');
  const link = planMessage.getByRole('link', { name: 'the café' });
  await expect(link).toHaveAttribute('href', 'https://example.com/cafe');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(messageWith(log, 'Sounds good').locator('del')).toHaveText('maybe');
  await expect(messageWith(log, 'the map:').getByRole('link', { name: 'https://example.org/map' })).toBeVisible();
  // Named by the peer: the mention stands out for me; mine of the peer does not.
  await expect(messageWith(log, 'the map:').locator('.mention')).toHaveClass(/mention-me/);
  await expect(messageWith(log, 'Sounds good').locator('.mention')).not.toHaveClass(/mention-me/);
  await expect(messageWith(log, '👍🎉').locator('.message-body')).toHaveClass(/emoji-only/);
  const pre = messageWith(log, 'platform 4').locator('pre');
  await expect(pre).toHaveCSS('font-family', /mono|Menlo|Consolas/i);
  const sizes = await pre.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, x: getComputedStyle(el).overflowX }));
  expect(sizes.x).toBe('auto');
  // At 375 px the long line scrolls inside its block, not the page.
  if (page.viewportSize()!.width < 768) expect(sizes.scroll).toBeGreaterThan(sizes.client);
}

const looks: [Device, string, Look][] = [
  [PHONE, '375', { lang: 'en', theme: 'light' }],
  [PHONE, '375', { lang: 'zh-CN', theme: 'dark' }],
  [DESKTOP, '1280', { lang: 'en', theme: 'dark' }],
  [DESKTOP, '1280', { lang: 'zh-CN', theme: 'light' }],
];

for (const [device, width, look] of looks) {
  const name = `${width}-${look.theme}-${look.lang}`;
  const l = L[look.lang];
  const phone = device === PHONE;

  test(`messages at ${name}: formatting, ${phone ? 'bubbles and the long-press menu' : 'the hover menu and the keyboard'}`, async ({ browser }) => {
    const errors: string[] = [];
    const context = await browserFor(browser, device, look, me);
    if (!phone) await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    const log = await openChat(page, look);
    await expectFormatted(page, log);
    await expectNoSideways(page, `${name} conversation`);
    await shoot(page, `messages-${name}`);
    await expectAccessible(page, `${name} messages`);

    const mine = messageWith(log, 'Sounds good');
    const theirs = messageWith(log, 'the map:');
    const menu = page.getByRole('menu', { name: l.menu });
    if (phone) {
      // Mine: an accent bubble at the right edge; theirs: a plain one at the left, next to an avatar.
      const logBox = (await log.boundingBox())!;
      const myBubble = (await mine.locator('.message-bubble').boundingBox())!;
      const theirBubble = (await theirs.locator('.message-bubble').boundingBox())!;
      expect(logBox.x + logBox.width - (myBubble.x + myBubble.width)).toBeLessThan(24);
      expect(theirBubble.x - logBox.x).toBeGreaterThan(40);
      expect(theirBubble.x + theirBubble.width).toBeLessThan(logBox.x + logBox.width - 30);
      const accent = await page.evaluate(() => {
        const probe = document.createElement('div');
        probe.style.color = 'var(--accent)';
        document.body.append(probe);
        const c = getComputedStyle(probe).color;
        probe.remove();
        return c;
      });
      await expect(mine.locator('.message-bubble')).toHaveCSS('background-color', accent);
      await expect(log.locator('article').filter({ hasText: 'the map:' }).locator('.avatar')).toBeVisible();
      await expect(log.locator('article').filter({ hasText: 'Sounds good' }).locator('.avatar')).toBeHidden();
      // The menu button is for screen readers only; the long-press is the gesture.
      await expect(mine.getByRole('button', { name: l.open })).not.toBeInViewport({ ratio: 0.5 });

      await longPress(page, mine.locator('.message-bubble'), menu);
      const items = menu.getByRole('menuitem');
      await expect(items).toHaveText([l.reply, l.react, l.edit, l.copy, l.forward, l.pin, l.del]);
      for (const box of await Promise.all((await items.all()).map((i) => i.boundingBox()))) {
        expect(box!.height).toBeGreaterThanOrEqual(44);
        expect(box!.width).toBeGreaterThanOrEqual(44);
      }
      await expectNoSideways(page, `${name} menu`);
      await shoot(page, `messages-${name}-menu`);
      await expectAccessible(page, `${name} menu`);
      await page.getByRole('button', { name: l.cancel }).tap();
      await expect(menu).toBeHidden();

      // Theirs offers copy only (not mine, not an administrator).
      await longPress(page, theirs.locator('.message-bubble'), menu);
      await expect(menu.getByRole('menuitem')).toHaveText([l.reply, l.react, l.copy, l.forward, l.pin]);
      await menu.getByRole('menuitem', { name: l.copy }).tap();
      await expect(menu).toBeHidden();
      await expect(theirs.getByRole('status')).toHaveText(l.copied);
      // A short tap on a message opens nothing.
      await theirs.locator('.message-bubble').tap();
      await expect(menu).toBeHidden();
    } else {
      // Hover shows the button; the menu opens next to it.
      const trigger = theirs.getByRole('button', { name: l.open });
      await theirs.hover();
      await expect(trigger).toHaveCSS('opacity', '1');
      await trigger.click();
      await expect(menu.getByRole('menuitem')).toHaveText([l.reply, l.react, l.copy, l.forward, l.pin]);
      await shoot(page, `messages-${name}-menu`);
      await expectAccessible(page, `${name} menu`);
      await menu.getByRole('menuitem', { name: l.copy }).click();
      await expect(theirs.getByRole('status')).toHaveText(l.copied);
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`@${me.username} the map: https://example.org/map`);

      // The keyboard: Tab reaches one message, arrows move between messages, Enter opens the menu,
      // arrows move in it, Escape gives the focus back.
      await log.focus();
      for (let i = 0; i < 12 && !(await page.evaluate(() => document.activeElement?.classList.contains('message'))); i++) await page.keyboard.press('Tab');
      await expect(theirs).toBeFocused();
      await page.keyboard.press('ArrowUp');
      await expect(messageWith(log, '👍🎉')).toBeFocused();
      await page.keyboard.press('ArrowUp');
      await expect(messageWith(log, 'platform 4')).toBeFocused();
      await page.keyboard.press('ArrowUp');
      await expect(mine).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(menu.getByRole('menuitem')).toHaveText([l.reply, l.react, l.edit, l.copy, l.forward, l.pin, l.del]);
      await expect(menu.getByRole('menuitem', { name: l.reply })).toBeFocused();
      await page.keyboard.press('ArrowUp');
      await expect(menu.getByRole('menuitem', { name: l.del })).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(menu).toBeHidden();
      await expect(mine).toBeFocused();
    }
    await context.close();
    expect(errors).toEqual([]);
  });
}

test('deleting my own message from its menu, at 1280 and at 375 px', async ({ browser }) => {
  const errors: string[] = [];
  for (const [device, look] of [[DESKTOP, { lang: 'en', theme: 'light' }], [PHONE, { lang: 'zh-CN', theme: 'dark' }]] as const) {
    const l = L[look.lang];
    const text = `to be taken back ${device === PHONE ? 'phone' : 'desktop'}`;
    await sendText(me, dmId, text);
    const context = await browserFor(browser, device, look, me);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    const log = await openChat(page, look);
    const message = messageWith(log, text);
    const menu = page.getByRole('menu', { name: l.menu });
    page.once('dialog', (d) => void d.accept());
    if (device === PHONE) {
      await longPress(page, message.locator('.message-bubble'), menu);
      await menu.getByRole('menuitem', { name: l.del }).tap();
    } else {
      await message.hover();
      await message.getByRole('button', { name: l.open }).click();
      await menu.getByRole('menuitem', { name: l.del }).click();
    }
    await expect(log.getByText(text)).toHaveCount(0);
    await expect(log.getByText(l.deleted).last()).toBeVisible();
    // No "Delete" link sits under messages any more.
    await expect(log.getByRole('button', { name: l.del, exact: true })).toHaveCount(0);
    await context.close();
  }
  expect(errors).toEqual([]);
});
