import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  DESKTOP, PHONE, apiUser, befriend, browserFor, call, expectAccessible, expectNoSideways, openDm, sendText, shoot, type ApiUser, type Device, type Look,
} from './web-helpers';

/*
 * Edits, replies, reactions, mentions, pins and forwards between two people, each in a browser of
 * their own: what one does, the other sees live.
 */

let owner: ApiUser;
let pal: ApiUser;
let room: string;
let roomId: string;
let dmId: string;
const EXAM = 'Exam on Friday at 9, room 204';

test.beforeAll(async () => {
  // The first account of a server is its administrator; these two must be ordinary members.
  await (await apiUser('cvfirst')).api.dispose();
  owner = await apiUser('cvown');
  pal = await apiUser('cvpal');
  room = `talk${Date.now().toString(36).slice(-5)}`;
  ({ conversation: { id: roomId } } = await call<{ conversation: { id: string } }>(owner, 'POST', '/api/rooms', { name: room }));
  await call(pal, 'POST', `/api/rooms/${room}/join`);
  await befriend(owner, pal);
  dmId = await openDm(owner, pal);
  await sendText(pal, dmId, 'Forwarded things land here');
  // The exam message, then more than a page of chatter: a reply to it must load history to jump.
  const { message: exam } = await call<{ message: { id: string } }>(pal, 'POST', `/api/conversations/${roomId}/messages`, { clientMsgId: crypto.randomUUID(), body: EXAM });
  for (let i = 1; i <= 60; i++) await sendText(i % 2 ? pal : owner, roomId, `chatter ${i}`);
  await call(owner, 'POST', `/api/conversations/${roomId}/messages`, { clientMsgId: crypto.randomUUID(), body: 'Which building is that?', replyTo: exam.id });
});

test.afterAll(async () => {
  await owner.api.dispose();
  await pal.api.dispose();
});

/** The message whose own text (not a quote of it) contains this. */
const messageWith = (log: Locator, text: string) => log.locator('.message').filter({ has: log.page().locator('.message-body', { hasText: text }) });

async function openRoom(page: Page): Promise<Locator> {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: new RegExp(`^${room}`) }).click();
  const log = page.getByRole('log');
  await expect(log.getByText('Which building is that?')).toBeVisible();
  return log;
}

/** Opens a message's actions menu: hover and its button on a desktop, a long-press on a phone. */
async function openMenu(page: Page, message: Locator, phone: boolean): Promise<Locator> {
  const menu = page.getByRole('menu', { name: 'Message actions' });
  if (phone) {
    const box = (await message.locator('.message-bubble').first().boundingBox())!;
    const cdp = await page.context().newCDPSession(page);
    const point = { x: box.x + Math.min(30, box.width / 2), y: box.y + box.height / 2 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
    await expect(menu).toBeVisible();
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  } else {
    await message.hover();
    await message.getByRole('button', { name: 'Actions for this message' }).click();
    await expect(menu).toBeVisible();
  }
  return menu;
}

async function choose(page: Page, message: Locator, phone: boolean, action: string): Promise<void> {
  const menu = await openMenu(page, message, phone);
  const item = menu.getByRole('menuitem', { name: action, exact: true });
  if (phone) await item.tap();
  else await item.click();
  await expect(menu).toBeHidden();
}

const looks: [Device, string, Look][] = [
  [DESKTOP, '1280', { lang: 'en', theme: 'light' }],
  [PHONE, '375', { lang: 'en', theme: 'dark' }],
];

for (const [device, width, look] of looks) {
  const phone = device === PHONE;
  const name = `${width}-${look.theme}`;

  test(`two people at ${name}: edit, reply and jump, react, mention, pin, forward`, async ({ browser }) => {
    test.setTimeout(120_000);
    const errors: string[] = [];
    const ctxA = await browserFor(browser, device, look, owner);
    const ctxB = await browserFor(browser, device, look, pal);
    const a = await ctxA.newPage();
    const b = await ctxB.newPage();
    a.on('pageerror', (e) => errors.push(`owner: ${e.message}`));
    b.on('pageerror', (e) => errors.push(`pal: ${e.message}`));
    // The offer of desktop notifications sits over the header on a phone until answered.
    for (const page of [a, b]) await page.addLocatorHandler(page.getByRole('button', { name: 'Not now' }), (notNow) => notNow.click());
    const logA = await openRoom(a);
    const logB = await openRoom(b);
    const tap = (l: Locator) => (phone ? l.tap() : l.click());

    /* ---- edit ---- */
    const draft = `Meet at the libary ${width}`;
    const fixed = `Meet at the library ${width}`;
    await a.getByLabel(`Message #${room}`).fill(draft);
    await a.getByLabel(`Message #${room}`).press('Enter');
    await expect(messageWith(logB, draft)).toBeVisible();
    await choose(a, messageWith(logA, draft), phone, 'Edit');
    const editor = logA.getByRole('textbox', { name: 'Edit your message' });
    await expect(editor).toBeFocused();
    await editor.fill('not this');
    await editor.press('Escape');
    await expect(editor).toBeHidden();
    await expect(messageWith(logA, draft)).toBeVisible();
    await choose(a, messageWith(logA, draft), phone, 'Edit');
    await editor.fill(fixed);
    await expectNoSideways(a, `${name} editor`);
    await shoot(a, `conversations-${name}-editing`);
    await expectAccessible(a, `${name} editor`);
    await editor.press('Enter');
    // Seen live by the other, marked edited with the time in its title.
    const fixedB = messageWith(logB, fixed);
    await expect(fixedB).toBeVisible();
    await expect(fixedB.locator('.message-edited')).toHaveAttribute('title', /^Edited /);
    await expect(logB.getByText(draft)).toHaveCount(0);
    // The author sees the earlier version; the other is not offered it.
    await choose(a, messageWith(logA, fixed), phone, 'Earlier versions');
    const versions = a.getByRole('dialog', { name: 'Earlier versions' });
    await expect(versions.getByText(draft)).toBeVisible();
    await expectAccessible(a, `${name} versions`);
    await versions.getByRole('button', { name: 'Close' }).click();
    const menuB = await openMenu(b, fixedB, phone);
    await expect(menuB.getByRole('menuitem', { name: 'Earlier versions' })).toHaveCount(0);
    await expect(menuB.getByRole('menuitem', { name: 'Edit', exact: true })).toHaveCount(0);
    await b.keyboard.press('Escape');

    /* ---- reply ---- */
    await choose(b, fixedB, phone, 'Reply');
    const preview = b.locator('.reply-preview');
    await expect(preview).toContainText(`Replying to ${owner.username}`);
    await expect(preview).toContainText(fixed);
    await expect(b.getByLabel(`Message #${room}`)).toBeFocused();
    await shoot(b, `conversations-${name}-reply-preview`);
    await expectAccessible(b, `${name} reply preview`);
    const answer = `Perfect, see you there ${width}`;
    await b.getByLabel(`Message #${room}`).fill(answer);
    await b.getByLabel(`Message #${room}`).press('Enter');
    await expect(preview).toBeHidden();
    const quote = messageWith(logA, answer).getByRole('button', { name: `Reply to ${owner.username}: ${fixed}` });
    await expect(quote).toBeVisible();
    // The quote of an old message: jumping loads the history around it and highlights it.
    await expect(logA.locator('.message-body').filter({ hasText: EXAM })).toHaveCount(0);
    await tap(messageWith(logA, 'Which building is that?').getByRole('button', { name: new RegExp(`^Reply to ${pal.username}: Exam on Friday`) }));
    const exam = messageWith(logA, EXAM);
    await expect(exam).toBeInViewport();
    await expect(exam).toHaveClass(/highlight/);
    await expect(exam).toBeFocused();
    await shoot(a, `conversations-${name}-jumped`);
    await a.getByRole('button', { name: 'Jump to latest' }).click();

    /* ---- reactions ---- */
    await choose(b, messageWith(logB, fixed), phone, 'React');
    const picker = b.getByRole('dialog', { name: 'React' });
    await expect(picker.getByRole('button', { name: '👍' })).toBeFocused();
    await expectAccessible(b, `${name} reaction picker`);
    await shoot(b, `conversations-${name}-react`);
    await tap(picker.getByRole('button', { name: '👍' }));
    await expect(picker).toBeHidden();
    const chipA = messageWith(logA, fixed).getByRole('button', { name: '👍, 1 reaction' });
    await expect(chipA).toBeVisible();
    await expect(chipA).toHaveAttribute('aria-pressed', 'false');
    await expect(chipA).toHaveAttribute('title', `👍 by ${pal.username}`);
    if (phone) {
      const box = (await chipA.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.width).toBeGreaterThanOrEqual(44);
    }
    await tap(chipA);
    const chipB = messageWith(logB, fixed).getByRole('button', { name: '👍, 2 reactions' });
    await expect(chipB).toBeVisible();
    await expect(chipB).toHaveAttribute('aria-pressed', 'true');
    await expect(messageWith(logA, fixed).getByRole('button', { name: '👍, 2 reactions' })).toHaveAttribute('aria-pressed', 'true');
    await shoot(a, `conversations-${name}-reactions`);
    await tap(messageWith(logA, fixed).getByRole('button', { name: '👍, 2 reactions' }));
    await expect(messageWith(logB, fixed).getByRole('button', { name: '👍, 1 reaction' })).toHaveAttribute('aria-pressed', 'true');

    /* ---- mentions ---- */
    // The owner looks elsewhere; the mention shows as an @ badge on the room.
    await a.goto(`/#/c/${dmId}`);
    await expect(a.getByRole('log').getByText('Forwarded things land here')).toBeVisible();
    const composerB = b.getByLabel(`Message #${room}`);
    await composerB.fill(`Ask @${owner.username.slice(0, 4)}`);
    const suggestions = b.getByRole('listbox', { name: 'People to mention' });
    await expect(suggestions.getByRole('option', { name: `@${owner.username}` })).toBeVisible();
    await expectAccessible(b, `${name} mention suggestions`);
    await shoot(b, `conversations-${name}-mention`);
    if (phone) {
      await suggestions.getByRole('option', { name: `@${owner.username}` }).dispatchEvent('mousedown');
    } else {
      await composerB.press('ArrowDown');
      await composerB.press('ArrowUp');
      await composerB.press('Enter');
    }
    await expect(composerB).toHaveValue(`Ask @${owner.username} `);
    await expect(suggestions).toBeHidden();
    await composerB.pressSequentially(`about the key ${width}`);
    await composerB.press('Enter');
    const roomLink = a.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: new RegExp(`^${room}`) });
    const chatsTab = a.getByRole('tab', { name: /^Chats/ });
    if (phone) await a.getByRole('button', { name: 'Back to conversations' }).tap();
    await expect(roomLink.getByText('1 mention of you')).toBeAttached();
    // The total across conversations sits on the Chats tab (the bottom bar on a phone), beside the unread total.
    await expect(chatsTab.getByText('1 mention of you in all conversations')).toBeAttached();
    await expect(chatsTab.locator('.tab-mention-badge')).toBeVisible();
    await shoot(a, `conversations-${name}-mention-badge`);
    await expectAccessible(a, `${name} mention badge`);
    await tap(roomLink);
    const mentioned = messageWith(a.getByRole('log'), `about the key ${width}`);
    await expect(mentioned.locator('.mention')).toHaveClass(/mention-me/);
    await expect(roomLink.getByText('1 mention of you')).toHaveCount(0);
    await expect(chatsTab.locator('.tab-mention-badge')).toHaveCount(0);

    /* ---- pins ---- */
    const logA2 = a.getByRole('log');
    await choose(a, messageWith(logA2, fixed), phone, 'Pin');
    await expect(messageWith(logA2, fixed).locator('.message-pinned')).toHaveAttribute('title', `Pinned by ${owner.username}`);
    // A member may not pin in a room.
    const memberMenu = await openMenu(b, messageWith(logB, answer), phone);
    await expect(memberMenu.getByRole('menuitem', { name: 'Pin', exact: true })).toHaveCount(0);
    await b.keyboard.press('Escape');
    await tap(b.getByRole('button', { name: 'Pinned messages' }));
    const pinsB = b.getByRole('complementary', { name: 'Pinned messages' });
    await expect(pinsB.getByRole('button', { name: new RegExp(fixed) })).toBeVisible();
    await expect(pinsB).toContainText(`Pinned by ${owner.username}`);
    await expectNoSideways(b, `${name} pins`);
    await shoot(b, `conversations-${name}-pins`);
    await expectAccessible(b, `${name} pins`);
    await tap(pinsB.getByRole('button', { name: new RegExp(fixed) }));
    await expect(messageWith(logB, fixed)).toHaveClass(/highlight/);

    /* ---- forward ---- */
    await choose(a, messageWith(logA2, fixed), phone, 'Forward');
    const forward = a.getByRole('dialog', { name: 'Forward to…' });
    await expectAccessible(a, `${name} forward`);
    await shoot(a, `conversations-${name}-forward`);
    await tap(forward.getByRole('button', { name: `Forward to ${pal.username}` }));
    await expect(forward).toBeHidden();
    await expect(a.getByRole('status').filter({ hasText: `Forwarded to ${pal.username}` })).toBeVisible();
    await b.goto(`/#/c/${dmId}`);
    const forwarded = messageWith(b.getByRole('log'), fixed);
    await expect(forwarded.getByText(`Forwarded from #${room} · ${owner.username}`)).toBeVisible();
    await shoot(b, `conversations-${name}-forwarded`);

    await ctxA.close();
    await ctxB.close();
    expect(errors).toEqual([]);
  });
}
