import { expect, test, type Locator, type Page } from '@playwright/test';
import { longPress, messageWith, openMenu } from './web-conversation-helpers';
import { DESKTOP, PHONE, apiUser, browserFor, call, expectAccessible, expectNoSideways, shoot, type ApiUser, type Device, type Look } from './web-helpers';
import { startingWith, translator, type Translate } from './web-i18n';

/*
 * The message actions on the narrowest phone, who reacted (long-press on touch, title and the
 * keyboard on a desktop), and recent emoji coming first in both pickers.
 */

const NARROW: Device = { ...PHONE, viewport: { width: 320, height: 640 } };
let owner: ApiUser;
let pal: ApiUser;
let room: string;
let roomId: string;
const LUNCH = 'Lunch at noon? The usual place by the river';

async function react(user: ApiUser, messageId: string, emoji: string): Promise<void> {
  const res = await user.api.put(`/api/conversations/${roomId}/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`);
  expect(res.ok(), await res.text()).toBe(true);
}

test.beforeAll(async () => {
  await (await apiUser('mafirst')).api.dispose();
  owner = await apiUser('maown');
  pal = await apiUser('mapal');
  room = `acts${Date.now().toString(36).slice(-5)}`;
  ({ conversation: { id: roomId } } = await call<{ conversation: { id: string } }>(owner, 'POST', '/api/rooms', { name: room }));
  await call(pal, 'POST', `/api/rooms/${room}/join`);
  const send = async (u: ApiUser, body: string) => (await call<{ message: { id: string } }>(u, 'POST', `/api/conversations/${roomId}/messages`, { clientMsgId: crypto.randomUUID(), body })).message.id;
  const lunch = await send(pal, LUNCH);
  await react(pal, lunch, '🎉');
  await react(owner, lunch, '🎉');
  for (let i = 1; i <= 4; i++) await send(i % 2 ? pal : owner, `plan ${i}: bring an umbrella, it may rain`);
});

test.afterAll(async () => {
  await owner.api.dispose();
  await pal.api.dispose();
});

async function openRoom(page: Page, t: Translate): Promise<Locator> {
  await page.addLocatorHandler(page.getByRole('button', { name: t('notify.askNo') }), (notNow) => notNow.click());
  await page.goto('/');
  await page.getByRole('navigation', { name: t('nav.conversations') }).getByRole('link', { name: startingWith(room) }).click();
  const log = page.getByRole('log');
  await expect(messageWith(log, 'plan 4')).toBeVisible();
  return log;
}

/** Each target is at least 44 × 44 px as laid out, and inside the screen. */
async function expectTargets(targets: Locator, what: string, width: number): Promise<void> {
  const boxes = await targets.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
  expect(boxes.length, `${what}: targets`).toBeGreaterThan(0);
  for (const [i, box] of boxes.entries()) {
    expect(box.height, `${what} #${i}: height`).toBeGreaterThanOrEqual(44);
    expect(box.width, `${what} #${i}: width`).toBeGreaterThanOrEqual(44);
    expect(box.left, `${what} #${i}: left edge`).toBeGreaterThanOrEqual(0);
    expect(box.right, `${what} #${i}: right edge`).toBeLessThanOrEqual(width);
  }
}

for (const look of [{ lang: 'en', theme: 'light' }, { lang: 'zh-CN', theme: 'dark' }] as Look[]) {
  const t = translator(look.lang);
  const name = `320-${look.theme}-${look.lang}`;

  test(`message actions at ${name}: targets of 44 px, nothing sideways`, async ({ browser }) => {
    const errors: string[] = [];
    const ctx = await browserFor(browser, NARROW, look, owner);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    const log = await openRoom(page, t);
    await expectNoSideways(page, `${name} list`);
    await expectTargets(messageWith(log, LUNCH).getByRole('button', { name: t('talk.reactionLabel', { emoji: '🎉', count: 2 }) }), `${name} reaction chip`, 320);

    const menu = await openMenu(page, t, messageWith(log, 'plan 3'), true);
    await expectTargets(menu.getByRole('menuitem'), `${name} menu items`, 320);
    await expectNoSideways(page, `${name} menu`);
    await shoot(page, `actions-${name}-menu`);
    await expectAccessible(page, `${name} menu`);
    await menu.getByRole('menuitem', { name: t('talk.react'), exact: true }).tap();

    const picker = page.getByRole('dialog', { name: t('talk.react') });
    await expectTargets(picker.getByRole('button'), `${name} reaction picker`, 320);
    await expectNoSideways(page, `${name} reaction picker`);
    await shoot(page, `actions-${name}-react`);
    await expectAccessible(page, `${name} reaction picker`);
    await page.keyboard.press('Escape');
    await expect(picker).toBeHidden();

    // My own message offers more (edit, delete): the longer menu still fits.
    const mine = await openMenu(page, t, messageWith(log, 'plan 4'), true);
    await expect(mine.getByRole('menuitem', { name: t('talk.edit'), exact: true })).toBeVisible();
    await expectTargets(mine.getByRole('menuitem'), `${name} own menu items`, 320);
    await expectNoSideways(page, `${name} own menu`);
    await page.keyboard.press('Escape');
    await ctx.close();
    expect(errors).toEqual([]);
  });
}

test('who reacted: a long-press on a phone lists the names, a desktop shows them in the title and lists them from the keyboard', async ({ browser }) => {
  for (const [device, look] of [[PHONE, { lang: 'zh-CN', theme: 'light' }], [DESKTOP, { lang: 'en', theme: 'dark' }]] as [Device, Look][]) {
    const t = translator(look.lang);
    const phone = device === PHONE;
    const name = `${phone ? '375' : '1280'}-${look.theme}-${look.lang}`;
    const ctx = await browserFor(browser, device, look, pal);
    const page = await ctx.newPage();
    const log = await openRoom(page, t);
    const chip = messageWith(log, LUNCH).getByRole('button', { name: t('talk.reactionLabel', { emoji: '🎉', count: 2 }) });
    await expect(chip).toHaveAttribute('aria-pressed', 'true');
    const dialog = page.getByRole('dialog', { name: t('talk.whoReacted') });
    if (phone) {
      await longPress(page, chip, dialog);
    } else {
      await expect(chip).toHaveAttribute('title', t('talk.reactedBy', { emoji: '🎉', names: `${t('talk.reactedByMe')}, ${owner.username}` }));
      await chip.focus();
      await page.keyboard.press('Shift+F10');
    }
    await expect(dialog.getByText(t('talk.reactedBy', { emoji: '🎉', names: `${pal.username}, ${owner.username}` }))).toBeVisible();
    await shoot(page, `actions-${name}-who-reacted`);
    await expectAccessible(page, `${name} who reacted`);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    // Showing the list is not a toggle: my reaction is still there.
    await expect(chip).toHaveAttribute('aria-pressed', 'true');
    await ctx.close();
  }
});

for (const [device, look] of [[DESKTOP, { lang: 'en', theme: 'light' }], [PHONE, { lang: 'zh-CN', theme: 'dark' }]] as [Device, Look][]) {
  const t = translator(look.lang);
  const phone = device === PHONE;
  const name = `${phone ? '375' : '1280'}-${look.theme}-${look.lang}`;

  test(`recent emoji at ${name}: what I used last comes first in the quick row and the composer's picker`, async ({ browser }) => {
    // Four pickers, a reload and three accessibility scans: about 45 s alone, more beside other suites.
    test.setTimeout(150_000);
    const errors: string[] = [];
    const ctx = await browserFor(browser, device, look, owner);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    const log = await openRoom(page, t);
    const tap = (l: Locator) => (phone ? l.tap() : l.click());
    const picker = page.getByRole('dialog', { name: t('talk.react') });
    const quickRow = picker.getByRole('group', { name: t('talk.quickReactions') });
    const quickOrder = async () => (await quickRow.getByRole('button').allTextContents()).map((s) => s.trim()).slice(0, 6);
    const reactTo = async (text: string) => {
      const menu = await openMenu(page, t, messageWith(log, text), phone);
      await tap(menu.getByRole('menuitem', { name: t('talk.react'), exact: true }));
      await expect(picker).toBeVisible();
    };

    // Nothing used yet on this device: the defaults.
    await reactTo('plan 1');
    expect(await quickOrder()).toEqual(['👍', '❤️', '😂', '🎉', '😮', '😢']);
    await tap(quickRow.getByRole('button', { name: '😮' }));
    await reactTo('plan 2');
    await tap(quickRow.getByRole('button', { name: '🎉' }));

    // One picked in the composer's picker counts too.
    const composer = page.getByLabel(t('composer.label', { name: `#${room}` }));
    await tap(page.getByRole('button', { name: t('emoji.open') }));
    const full = page.getByRole('dialog', { name: t('emoji.open') });
    const recentSection = full.locator('section').filter({ has: page.getByRole('heading', { name: t('emoji.recent') }) });
    await expect(recentSection.getByRole('button')).toHaveText(['🎉', '😮']);
    await full.getByRole('searchbox', { name: t('emoji.search') }).fill('rocket');
    await tap(full.getByRole('button', { name: /rocket|火箭/ }).first());
    await expect(composer).toHaveValue('🚀');
    // A pick closes the picker (Shift keeps it open); opened again, its recent row leads with the pick.
    await expect(full).toBeHidden();
    await tap(page.getByRole('button', { name: t('emoji.open') }));
    await expect(recentSection.getByRole('button')).toHaveText(['🚀', '🎉', '😮']);
    await shoot(page, `recent-emoji-${name}-composer`);
    await expectAccessible(page, `${name} composer emoji picker`);
    await page.keyboard.press('Escape');
    await composer.fill('');

    await reactTo('plan 3');
    expect(await quickOrder()).toEqual(['🚀', '🎉', '😮', '👍', '❤️', '😂']);
    await expect(quickRow.getByRole('button', { name: '🚀' })).toBeFocused();
    await shoot(page, `recent-emoji-${name}-react`);
    await expectAccessible(page, `${name} quick row with recent emoji`);
    await page.keyboard.press('Escape');

    // Kept on this device across a reload.
    await page.reload();
    await expect(messageWith(log, 'plan 4')).toBeVisible();
    await reactTo('plan 3');
    expect(await quickOrder()).toEqual(['🚀', '🎉', '😮', '👍', '❤️', '😂']);
    await page.keyboard.press('Escape');
    await ctx.close();
    expect(errors).toEqual([]);
  });
}
