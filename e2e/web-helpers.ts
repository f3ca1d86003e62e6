import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, request, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';

export const artifacts = path.join(import.meta.dirname, 'artifacts');
export const PASSWORD = 'violet-otter-42-lantern';

export interface Device {
  viewport: { width: number; height: number };
  hasTouch?: boolean;
  isMobile?: boolean;
}
export const PHONE: Device = { viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true };
export const DESKTOP: Device = { viewport: { width: 1280, height: 800 } };

export interface ApiUser {
  username: string;
  id: string;
  api: APIRequestContext;
  /** Cookies of a signed-in browser, for new contexts. */
  storage: Awaited<ReturnType<APIRequestContext['storageState']>>;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 4)}`;
}

function baseURL(): string {
  return `http://127.0.0.1:${process.env.NATTER_E2E_PORT}`;
}

/**
 * Signs up through the UI in a new browser context (English) and waits for the conversation list.
 * Page errors are collected into `errors`, each named after the user.
 */
export async function signUpInBrowser(
  browser: Browser,
  username: string,
  opts: { password: string; errors: string[]; viewport?: Device['viewport']; colorScheme?: 'light' | 'dark' },
): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', viewport: opts.viewport ?? DESKTOP.viewport, ...(opts.colorScheme ? { colorScheme: opts.colorScheme } : {}) });
  const page = await context.newPage();
  page.on('pageerror', (e) => opts.errors.push(`${username}: ${e.message}`));
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { name: 'Create your Natter account' })).toBeVisible();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(opts.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
  return page;
}

/** Signs up through the API; later calls carry the bearer token (no cookie, so no CSRF header). */
export async function apiUser(prefix: string): Promise<ApiUser> {
  const username = uniqueName(prefix);
  const cookies = await request.newContext({ baseURL: baseURL() });
  const res = await cookies.post('/api/auth/register', { data: { username, password: PASSWORD } });
  expect(res.status(), await res.text()).toBe(201);
  const { user, token } = (await res.json()) as { user: { id: string }; token: string };
  const storage = await cookies.storageState();
  await cookies.dispose();
  const api = await request.newContext({ baseURL: baseURL(), extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  return { username, id: user.id, api, storage };
}

export async function call<T = unknown>(user: ApiUser, method: 'GET' | 'POST' | 'PATCH', url: string, data?: unknown): Promise<T> {
  const res = await user.api.fetch(url, { method, data });
  expect(res.ok(), `${method} ${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

/** Two requests in opposite directions make a friendship. */
export async function befriend(a: ApiUser, b: ApiUser): Promise<void> {
  await call(a, 'POST', '/api/friend-requests', { username: b.username });
  await call(b, 'POST', '/api/friend-requests', { username: a.username });
}

export async function openDm(a: ApiUser, b: ApiUser): Promise<string> {
  const { conversation } = await call<{ conversation: { id: string } }>(a, 'POST', '/api/dms', { username: b.username });
  return conversation.id;
}

export async function sendText(user: ApiUser, conversationId: string, body: string): Promise<void> {
  await call(user, 'POST', `/api/conversations/${conversationId}/messages`, { clientMsgId: crypto.randomUUID(), body });
}

export interface Look {
  lang: 'en' | 'zh-CN';
  theme: 'light' | 'dark';
}

export async function browserFor(browser: Browser, device: Device, look: Look, user?: ApiUser): Promise<BrowserContext> {
  return browser.newContext({
    ...device,
    locale: look.lang === 'en' ? 'en-US' : 'zh-CN',
    colorScheme: look.theme,
    ...(user ? { storageState: user.storage } : {}),
  });
}

/**
 * Fails on serious or critical accessibility problems, naming each with the elements concerned.
 * `moderate`: also axe's moderate findings, with its best-practice rules (landmarks, heading order).
 */
export async function expectAccessible(page: Page, what: string, opts: { moderate?: boolean } = {}): Promise<void> {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', ...(opts.moderate ? ['best-practice'] : [])];
  const { violations } = await new AxeBuilder({ page }).withTags(tags).analyze();
  const impacts = opts.moderate ? ['moderate', 'serious', 'critical'] : ['serious', 'critical'];
  const bad = violations
    .filter((v) => impacts.includes(v.impact ?? ''))
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`.replace(/\s+/g, ' ')).join('\n  ')}`);
  expect(bad, `${what}: accessibility`).toEqual([]);
}

export async function expectNoSideways(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${what}: horizontal scrolling`).toBeLessThanOrEqual(0);
}

export async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifacts, `web-${name}.png`) });
}

/**
 * Visible controls smaller than 44 × 44 px, measured from the layout (a checkbox or radio inside a
 * label counts as its label; visually hidden inputs that a label stands for are skipped).
 */
export async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = 'button, a[href], input:not([type="hidden"]), select, textarea, [role="tab"], [role="option"], [role="menuitem"], summary';
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      let box = el.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue;
      if (getComputedStyle(el).visibility === 'hidden' || el.closest('[hidden], [aria-hidden="true"]')) continue;
      if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
        const label = el.closest('label') ?? el.labels?.[0];
        if (label) box = label.getBoundingClientRect();
      }
      if (box.width < 43.5 || box.height < 43.5) {
        const name = (el.getAttribute('aria-label') ?? el.textContent ?? el.getAttribute('placeholder') ?? '').trim().slice(0, 30);
        out.push(`${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} "${name}" ${Math.round(box.width)}x${Math.round(box.height)}`);
      }
    }
    return out;
  });
}
