import { expect, test, type Locator, type Page } from '@playwright/test';
import { choose as chooseIn, messageWith, openMenu as openMenuIn } from './web-conversation-helpers';
import {
  DESKTOP, PHONE, apiUser, befriend, browserFor, call, expectAccessible, expectNoSideways, openDm, sendText, shoot, type ApiUser, type Device, type Look,
} from './web-helpers';
import { startingWith, translator, type Translate } from './web-i18n';

/*
 * Edits, replies, reactions, mentions, pins, Markdown and forwards between two people, each in a
 * browser of their own: what one does, the other sees live. In English and Chinese, light and dark,
 * on a desktop and a phone; the texts come from the UI's own strings.
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

async function openRoom(page: Page, t: Translate): Promise<Locator> {
  await page.goto('/');
  await page.getByRole('navigation', { name: t('nav.conversations') }).getByRole('link', { name: startingWith(room) }).click();
  const log = page.getByRole('log');
  await expect(log.getByText('Which building is that?')).toBeVisible();
  return log;
}

/** Every width with both languages and both themes. */
const looks: [Device, string, Look][] = [
  [DESKTOP, '1280', { lang: 'en', theme: 'light' }],
  [PHONE, '375', { lang: 'en', theme: 'dark' }],
  [DESKTOP, '1280', { lang: 'zh-CN', theme: 'dark' }],
  [PHONE, '375', { lang: 'zh-CN', theme: 'light' }],
];

/** What the Markdown subset renders to: each element with the text it holds. */
const FORMATTED = [
  '**bold words** and *slanted* and ~~struck~~ and `npm test`',
  '',
  '> quoted line',
  '',
  '1. first step',
  '2. second step',
  '',
  '- apple',
  '- pear',
  '',
  '```',
  'const line = "a code block wider than a phone, which scrolls inside itself and never the page";',
  '```',
  'docs at https://example.com/docs and [the guide](https://example.org/guide)',
];

for (const [device, width, look] of looks) {
  const phone = device === PHONE;
  const name = `${width}-${look.theme}${look.lang === 'en' ? '' : `-${look.lang}`}`;
  const t = translator(look.lang);
  const openMenu = (page: Page, message: Locator, onPhone: boolean) => openMenuIn(page, t, message, onPhone);
  const choose = (page: Page, message: Locator, onPhone: boolean, action: string) => chooseIn(page, t, message, onPhone, t(action));

  test(`two people at ${name}: edit, reply and jump, react, mention, pin, Markdown, forward`, async ({ browser }) => {
    test.setTimeout(150_000);
    const errors: string[] = [];
    const ctxA = await browserFor(browser, device, look, owner);
    const ctxB = await browserFor(browser, device, look, pal);
    const a = await ctxA.newPage();
    const b = await ctxB.newPage();
    a.on('pageerror', (e) => errors.push(`owner: ${e.message}`));
    b.on('pageerror', (e) => errors.push(`pal: ${e.message}`));
    // The offer of desktop notifications sits over the header on a phone until answered.
    for (const page of [a, b]) await page.addLocatorHandler(page.getByRole('button', { name: t('notify.askNo') }), (notNow) => notNow.click());
    const logA = await openRoom(a, t);
    const logB = await openRoom(b, t);
    const tap = (l: Locator) => (phone ? l.tap() : l.click());
    const composerOf = (page: Page) => page.getByLabel(t('composer.label', { name: `#${room}` }));

    /* ---- edit ---- */
    const draft = `Meet at the libary ${name}`;
    const fixed = `Meet at the library ${name}`;
    await composerOf(a).fill(draft);
    await composerOf(a).press('Enter');
    await expect(messageWith(logB, draft)).toBeVisible();
    await choose(a, messageWith(logA, draft), phone, 'talk.edit');
    const editor = logA.getByRole('textbox', { name: t('talk.editLabel') });
    await expect(editor).toBeFocused();
    await editor.fill('not this');
    await editor.press('Escape');
    await expect(editor).toBeHidden();
    await expect(messageWith(logA, draft)).toBeVisible();
    await choose(a, messageWith(logA, draft), phone, 'talk.edit');
    await editor.fill(fixed);
    await expectNoSideways(a, `${name} editor`);
    await shoot(a, `conversations-${name}-editing`);
    await expectAccessible(a, `${name} editor`);
    await editor.press('Enter');
    // Seen live by the other, marked edited with the time in its title.
    const fixedB = messageWith(logB, fixed);
    await expect(fixedB).toBeVisible();
    await expect(fixedB.locator('.message-edited')).toHaveAttribute('title', startingWith(t('talk.editedAt', { when: '' })));
    await expect(logB.getByText(draft)).toHaveCount(0);
    // The author sees the earlier version; the other is not offered it.
    await choose(a, messageWith(logA, fixed), phone, 'talk.versions');
    const versions = a.getByRole('dialog', { name: t('talk.versionsTitle') });
    await expect(versions.getByText(draft)).toBeVisible();
    await expectAccessible(a, `${name} versions`);
    await versions.getByRole('button', { name: t('common.close') }).click();
    const menuB = await openMenu(b, fixedB, phone);
    await expect(menuB.getByRole('menuitem', { name: t('talk.versions') })).toHaveCount(0);
    await expect(menuB.getByRole('menuitem', { name: t('talk.edit'), exact: true })).toHaveCount(0);
    await b.keyboard.press('Escape');

    /* ---- reply ---- */
    await choose(b, fixedB, phone, 'talk.reply');
    const preview = b.locator('.reply-preview');
    await expect(preview).toContainText(t('talk.replyingTo', { name: owner.username }));
    await expect(preview).toContainText(fixed);
    await expect(composerOf(b)).toBeFocused();
    await shoot(b, `conversations-${name}-reply-preview`);
    await expectAccessible(b, `${name} reply preview`);
    const answer = `Perfect, see you there ${name}`;
    await composerOf(b).fill(answer);
    await composerOf(b).press('Enter');
    await expect(preview).toBeHidden();
    const quote = messageWith(logA, answer).getByRole('button', { name: t('talk.quoteOf', { name: owner.username, text: fixed }) });
    await expect(quote).toBeVisible();
    // The quote of an old message: jumping loads the history around it and highlights it.
    await expect(logA.locator('.message-body').filter({ hasText: EXAM })).toHaveCount(0);
    await tap(messageWith(logA, 'Which building is that?').getByRole('button', { name: startingWith(t('talk.quoteOf', { name: pal.username, text: 'Exam on Friday' })) }));
    const exam = messageWith(logA, EXAM);
    await expect(exam).toBeInViewport();
    await expect(exam).toHaveClass(/highlight/);
    await expect(exam).toBeFocused();
    await shoot(a, `conversations-${name}-jumped`);
    await a.getByRole('button', { name: t('conversation.jumpToLatest') }).click();

    /* ---- reactions ---- */
    await choose(b, messageWith(logB, fixed), phone, 'talk.react');
    const picker = b.getByRole('dialog', { name: t('talk.react') });
    await expect(picker.getByRole('button', { name: '👍' })).toBeFocused();
    await expectAccessible(b, `${name} reaction picker`);
    await shoot(b, `conversations-${name}-react`);
    await tap(picker.getByRole('button', { name: '👍' }));
    await expect(picker).toBeHidden();
    const chipA = messageWith(logA, fixed).getByRole('button', { name: t('talk.reactionLabel', { emoji: '👍', count: 1 }) });
    await expect(chipA).toBeVisible();
    await expect(chipA).toHaveAttribute('aria-pressed', 'false');
    await expect(chipA).toHaveAttribute('title', t('talk.reactedBy', { emoji: '👍', names: pal.username }));
    if (phone) {
      const box = (await chipA.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.width).toBeGreaterThanOrEqual(44);
    }
    await tap(chipA);
    const chipB = messageWith(logB, fixed).getByRole('button', { name: t('talk.reactionLabel', { emoji: '👍', count: 2 }) });
    await expect(chipB).toBeVisible();
    await expect(chipB).toHaveAttribute('aria-pressed', 'true');
    await expect(messageWith(logA, fixed).getByRole('button', { name: t('talk.reactionLabel', { emoji: '👍', count: 2 }) })).toHaveAttribute('aria-pressed', 'true');
    await shoot(a, `conversations-${name}-reactions`);
    await tap(messageWith(logA, fixed).getByRole('button', { name: t('talk.reactionLabel', { emoji: '👍', count: 2 }) }));
    await expect(messageWith(logB, fixed).getByRole('button', { name: t('talk.reactionLabel', { emoji: '👍', count: 1 }) })).toHaveAttribute('aria-pressed', 'true');

    /* ---- mentions ---- */
    // The owner looks elsewhere; the mention shows as an @ badge on the room and a total on the Chats tab.
    await a.goto(`/#/c/${dmId}`);
    await expect(a.getByRole('log').getByText('Forwarded things land here')).toBeVisible();
    const composerB = composerOf(b);
    await composerB.fill(`Ask @${owner.username.slice(0, 4)}`);
    const suggestions = b.getByRole('listbox', { name: t('talk.mentionSuggestions') });
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
    await composerB.pressSequentially(`about the key ${name}`);
    await composerB.press('Enter');
    const roomLink = a.getByRole('navigation', { name: t('nav.conversations') }).getByRole('link', { name: startingWith(room) });
    const chatsTab = a.getByRole('tab', { name: startingWith(t('social.tabChats')) });
    if (phone) await a.getByRole('button', { name: t('nav.back') }).tap();
    await expect(roomLink.getByText(t('talk.mentionBadge', { count: 1 }))).toBeAttached();
    // The total across conversations sits on the Chats tab (the bottom bar on a phone), beside the unread total.
    await expect(chatsTab.getByText(t('talk.mentionTotal', { count: 1 }))).toBeAttached();
    await expect(chatsTab.locator('.tab-mention-badge')).toBeVisible();
    await expectNoSideways(a, `${name} mention total`);
    await shoot(a, `conversations-${name}-mention-badge`);
    await expectAccessible(a, `${name} mention badge`);
    await tap(roomLink);
    const mentioned = messageWith(a.getByRole('log'), `about the key ${name}`);
    await expect(mentioned.locator('.mention')).toHaveClass(/mention-me/);
    await expect(roomLink.getByText(t('talk.mentionBadge', { count: 1 }))).toHaveCount(0);
    await expect(chatsTab.locator('.tab-mention-badge')).toHaveCount(0);

    /* ---- pins ---- */
    const logA2 = a.getByRole('log');
    await choose(a, messageWith(logA2, fixed), phone, 'talk.pin');
    await expect(messageWith(logA2, fixed).locator('.message-pinned')).toHaveAttribute('title', t('talk.pinnedBy', { name: owner.username }));
    // A member may not pin in a room.
    const memberMenu = await openMenu(b, messageWith(logB, answer), phone);
    await expect(memberMenu.getByRole('menuitem', { name: t('talk.pin'), exact: true })).toHaveCount(0);
    await b.keyboard.press('Escape');
    await tap(b.getByRole('button', { name: t('talk.pins') }));
    const pinsB = b.getByRole('complementary', { name: t('talk.pins') });
    await expect(pinsB.getByRole('button', { name: new RegExp(fixed) })).toBeVisible();
    await expect(pinsB).toContainText(t('talk.pinnedBy', { name: owner.username }));
    await expectNoSideways(b, `${name} pins`);
    await shoot(b, `conversations-${name}-pins`);
    await expectAccessible(b, `${name} pins`);
    await tap(pinsB.getByRole('button', { name: new RegExp(fixed) }));
    await expect(messageWith(logB, fixed)).toHaveClass(/highlight/);

    /* ---- Markdown ---- */
    const composerA = composerOf(a);
    await composerA.fill(FORMATTED.join('\n').replace('bold words', `bold words ${name}`));
    await composerA.press('Enter');
    const md = messageWith(logB, `bold words ${name}`).locator('.message-body');
    await expect(md.locator('strong')).toHaveText(`bold words ${name}`);
    await expect(md.locator('em')).toHaveText('slanted');
    await expect(md.locator('del')).toHaveText('struck');
    await expect(md.locator('p code')).toHaveText('npm test');
    await expect(md.locator('blockquote')).toHaveText('quoted line');
    await expect(md.locator('ol > li')).toHaveText(['first step', 'second step']);
    await expect(md.locator('ul > li')).toHaveText(['apple', 'pear']);
    await expect(md.locator('pre')).toContainText('const line =');
    for (const [text, href] of [['https://example.com/docs', 'https://example.com/docs'], ['the guide', 'https://example.org/guide']] as const) {
      const link = md.getByRole('link', { name: text });
      await expect(link).toHaveAttribute('href', href);
      await expect(link).toHaveAttribute('target', '_blank');
      await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    }
    // The code block scrolls inside itself on a phone; the page never scrolls sideways.
    if (phone) expect(await md.locator('pre').evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await md.scrollIntoViewIfNeeded();
    await expectNoSideways(b, `${name} Markdown`);
    await shoot(b, `conversations-${name}-markdown`);
    await expectAccessible(b, `${name} Markdown`);

    /* ---- forward ---- */
    await choose(a, messageWith(logA2, fixed), phone, 'talk.forward');
    const forward = a.getByRole('dialog', { name: t('talk.forwardTitle') });
    await expectAccessible(a, `${name} forward`);
    await shoot(a, `conversations-${name}-forward`);
    await tap(forward.getByRole('button', { name: t('talk.forwardTo', { name: pal.username }) }));
    await expect(forward).toBeHidden();
    await expect(a.getByRole('status').filter({ hasText: t('talk.forwarded', { name: pal.username }) })).toBeVisible();
    await b.goto(`/#/c/${dmId}`);
    const forwarded = messageWith(b.getByRole('log'), fixed);
    await expect(forwarded.getByText(t('talk.forwardedFrom', { where: `#${room} · ${owner.username}` }))).toBeVisible();
    await shoot(b, `conversations-${name}-forwarded`);

    await ctxA.close();
    await ctxB.close();
    expect(errors).toEqual([]);
  });
}
