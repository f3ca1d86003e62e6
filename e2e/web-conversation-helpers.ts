import { expect, type Locator, type Page } from '@playwright/test';
import type { Translate } from './web-i18n';

/** The message whose own text (not a quote of it) contains this. */
export const messageWith = (log: Locator, text: string) => log.locator('.message').filter({ has: log.page().locator('.message-body', { hasText: text }) });

/** A finger resting on `target` until `until` shows, then lifted: a long-press by touch. */
export async function longPress(page: Page, target: Locator, until: Locator): Promise<void> {
  const box = (await target.boundingBox())!;
  const cdp = await page.context().newCDPSession(page);
  const point = { x: box.x + Math.min(30, box.width / 2), y: box.y + box.height / 2 };
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
  await expect(until).toBeVisible();
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** Opens a message's actions menu: hover and its button on a desktop, a long-press on a phone. */
export async function openMenu(page: Page, t: Translate, message: Locator, phone: boolean): Promise<Locator> {
  const menu = page.getByRole('menu', { name: t('messageActions.menu') });
  if (phone) {
    await longPress(page, message.locator('.message-bubble').first(), menu);
  } else {
    await message.hover();
    await message.getByRole('button', { name: t('messageActions.open') }).click();
    await expect(menu).toBeVisible();
  }
  return menu;
}

export async function choose(page: Page, t: Translate, message: Locator, phone: boolean, action: string): Promise<void> {
  const menu = await openMenu(page, t, message, phone);
  const item = menu.getByRole('menuitem', { name: action, exact: true });
  if (phone) await item.tap();
  else await item.click();
  await expect(menu).toBeHidden();
}
