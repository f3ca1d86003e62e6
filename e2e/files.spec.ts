import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, request, test, type Browser, type Page } from '@playwright/test';
import sharp from 'sharp';
import { expectNoSideways } from './web-helpers';

const artifacts = path.join(import.meta.dirname, 'artifacts');
const PASSWORD = 'correct horse battery';
const base = () => `http://127.0.0.1:${process.env.NATTER_E2E_PORT}`;

interface User {
  username: string;
  token: string;
  storage: Awaited<ReturnType<Awaited<ReturnType<typeof request.newContext>>['storageState']>>;
}

async function register(prefix: string): Promise<User> {
  const username = `${prefix}_${Date.now().toString(36).slice(-6)}`;
  const ctx = await request.newContext({ baseURL: base() });
  const res = await ctx.post('/api/auth/register', { data: { username, password: PASSWORD } });
  expect(res.status(), await res.text()).toBe(201);
  const { token } = (await res.json()) as { token: string };
  const storage = await ctx.storageState();
  await ctx.dispose();
  return { username, token, storage };
}

async function api(user: User, method: string, url: string, data?: unknown) {
  const ctx = await request.newContext({ baseURL: base(), extraHTTPHeaders: { authorization: `Bearer ${user.token}` } });
  const res = await ctx.fetch(url, { method, data });
  const body = res.status() === 204 ? null : await res.json();
  await ctx.dispose();
  return { status: res.status(), body };
}

/** Friends may always message each other directly, whatever their privacy settings. */
async function dmBetween(a: User, b: User): Promise<void> {
  await api(a, 'POST', '/api/friend-requests', { username: b.username });
  await api(b, 'POST', '/api/friend-requests', { username: a.username });
  const dm = await api(a, 'POST', '/api/dms', { username: b.username });
  expect(dm.status, JSON.stringify(dm.body)).toBe(200);
}

async function open(browser: Browser, user: User, look: { width: number; height: number; dark: boolean; lang: string }, errors: string[]): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: look.width, height: look.height },
    locale: look.lang,
    colorScheme: look.dark ? 'dark' : 'light',
    storageState: user.storage,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${user.username}: ${e.message}`));
  await page.goto('/');
  return page;
}

async function openChat(page: Page, peer: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: new RegExp(`^${peer}\\b`) }).click();
}

test('an image and a PDF sent in a direct conversation: progress, thumbnail, viewer and download on the other side', async ({ browser }) => {
  const errors: string[] = [];
  const alice = await register('fa');
  const bob = await register('fb');
  await dmBetween(alice, bob);

  const image = await sharp({ create: { width: 1600, height: 1000, channels: 3, background: { r: 40, g: 110, b: 190 } } })
    .composite([{ input: Buffer.from('<svg width="1600" height="1000"><circle cx="800" cy="500" r="300" fill="#f5c542"/></svg>') }])
    .jpeg({ quality: 92 })
    .toBuffer();
  // Large enough that a throttled upload shows its progress bar for a while.
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n% Natter test\n'), Buffer.alloc(1_500_000, 0x20), Buffer.from('\n%%EOF\n')]);

  const a = await open(browser, alice, { width: 1280, height: 800, dark: false, lang: 'en-US' }, errors);
  const b = await open(browser, bob, { width: 375, height: 812, dark: true, lang: 'zh-CN' }, errors);
  await openChat(a, bob.username);

  // A slow uplink, so the progress of each file can be seen.
  const cdp = await a.context().newCDPSession(a);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 400 * 1024 });
  await a.getByTestId('file-input').setInputFiles([
    { name: 'sunrise.jpg', mimeType: 'image/jpeg', buffer: image },
    { name: 'spec sheet.pdf', mimeType: 'application/pdf', buffer: pdf },
  ]);
  const progress = a.getByRole('progressbar', { name: /Uploading spec sheet\.pdf/ });
  await expect(progress).toBeVisible();
  await a.screenshot({ path: path.join(artifacts, 'files-1280-uploading.png') });
  await expect(a.getByRole('button', { name: 'Send' })).toBeDisabled();
  await expect(progress).toBeHidden({ timeout: 30_000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await a.getByRole('textbox').fill('Holiday photo and the spec');
  await a.getByRole('button', { name: 'Send' }).click();
  await expect(a.getByRole('button', { name: 'Open sunrise.jpg' })).toBeVisible();

  // Bob, on a phone in Chinese and dark mode, gets both live.
  await openChat(b, alice.username);
  const thumb = b.getByRole('img', { name: '图片：sunrise.jpg' });
  await expect(thumb).toBeVisible();
  // The thumbnail's box is known before it loads (no jump): 320 × 200 for a 1600 × 1000 image.
  await expect(thumb).toHaveAttribute('width', '320');
  await expect(thumb).toHaveAttribute('height', '200');
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(640);
  await expect(b.getByText('spec sheet.pdf')).toBeVisible();
  await expect(b.getByText('PDF 文档 · 1.4 MB')).toBeVisible();
  await b.screenshot({ path: path.join(artifacts, 'files-375-dark-zh-received.png') });

  const [download] = await Promise.all([b.waitForEvent('download'), b.getByRole('link', { name: '下载 spec sheet.pdf' }).click()]);
  expect(download.suggestedFilename()).toBe('spec sheet.pdf');
  expect(readFileSync((await download.path()) as string).equals(pdf)).toBe(true);

  await b.getByRole('button', { name: '打开 sunrise.jpg' }).click();
  const viewer = b.getByRole('dialog', { name: 'sunrise.jpg' });
  await expect(viewer).toBeVisible();
  await expect.poll(() => viewer.getByRole('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1600);
  await b.screenshot({ path: path.join(artifacts, 'files-375-dark-zh-viewer.png') });
  await b.keyboard.press('Escape');

  await a.screenshot({ path: path.join(artifacts, 'files-1280-sent.png') });
  expect(errors).toEqual([]);
});

test('emoji: picker with search and recents, :shortcode: completion, and big emoji-only messages', async ({ browser }) => {
  const errors: string[] = [];
  const alice = await register('ea');
  const bob = await register('eb');
  await dmBetween(alice, bob);
  const a = await open(browser, alice, { width: 375, height: 812, dark: false, lang: 'en-US' }, errors);
  await openChat(a, bob.username);

  const box = a.getByRole('textbox');
  await box.fill('');
  await box.pressSequentially('nice :thumbsu');
  await expect(a.getByRole('listbox', { name: 'Emoji suggestions' })).toBeVisible();
  await box.press('Enter');
  await expect(box).toHaveValue(/^nice 👍/u);
  await box.press('Enter');
  await expect(a.locator('.message-body').filter({ hasText: 'nice 👍' })).toBeVisible();

  await a.getByRole('button', { name: 'Emoji' }).click();
  const picker = a.getByRole('dialog', { name: 'Emoji' });
  await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('party');
  // Shift keeps the picker open for another pick.
  await picker.getByRole('button', { name: 'party popper' }).click({ modifiers: ['Shift'] });
  await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('');
  await expect(picker.getByText('Recently used')).toBeVisible();
  await a.screenshot({ path: path.join(artifacts, 'files-375-light-emoji-picker.png') });
  await picker.press('Escape');
  await box.press('Enter');
  const big = a.locator('.message-body.emoji-only');
  await expect(big).toHaveText(/🎉/u);
  // The shipped color font (served by the app itself) covers it, not whatever the system has.
  const faces = await a.evaluate(async () => (await document.fonts.load('16px "Natter Emoji"', '🎉')).map((f) => `${f.family}:${f.status}`));
  expect(faces.length).toBeGreaterThan(0);
  expect(new Set(faces)).toEqual(new Set(['Natter Emoji:loaded']));
  await a.screenshot({ path: path.join(artifacts, 'files-375-light-big-emoji.png') });
  expect(errors).toEqual([]);
});

test('paste a screenshot, drop a file, cancel a slow upload', async ({ browser }) => {
  const errors: string[] = [];
  const alice = await register('pa');
  const bob = await register('pb');
  await dmBetween(alice, bob);
  const a = await open(browser, alice, { width: 1280, height: 800, dark: true, lang: 'zh-CN' }, errors);
  await openChat(a, bob.username);
  const png = (await sharp({ create: { width: 300, height: 600, channels: 3, background: '#3a7' } }).png().toBuffer()).toString('base64');

  // A pasted screenshot arrives as a file without a useful name.
  await a.getByRole('textbox').evaluate((el, b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, png);
  // Dropped on the composer.
  const drop = await a.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(new File(['meeting at 10'], 'agenda.txt', { type: 'text/plain' }));
    return data;
  });
  await a.locator('form.composer').dispatchEvent('dragover', { dataTransfer: drop });
  await expect(a.getByText('松开即可添加文件')).toBeVisible();
  await a.locator('form.composer').dispatchEvent('drop', { dataTransfer: drop });
  await expect(a.locator('.upload-item.done')).toHaveCount(2);

  // A slow upload can be cancelled; the others stay.
  const cdp = await a.context().newCDPSession(a);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 100 * 1024 });
  await a.getByTestId('file-input').setInputFiles([{ name: 'huge.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(3_000_000, 1) }]);
  await expect(a.getByRole('progressbar', { name: /huge\.bin/ })).toBeVisible();
  await a.screenshot({ path: path.join(artifacts, 'files-1280-dark-zh-tray.png') });
  await a.getByRole('button', { name: '取消上传 huge.bin' }).click();
  await expect(a.getByText('huge.bin')).toBeHidden();
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(a.locator('.upload-item')).toHaveCount(2);
  await a.getByRole('button', { name: '发送' }).click();
  await expect(a.getByRole('img', { name: '图片：image.png' })).toHaveAttribute('height', '320');
  await expect(a.getByText('agenda.txt')).toBeVisible();
  await a.screenshot({ path: path.join(artifacts, 'files-1280-dark-zh-sent.png') });
  expect(errors).toEqual([]);
});

test("a room's details panel lists the files shared in it, newest first, with who shared them", async ({ browser }) => {
  const errors: string[] = [];
  const owner = await register('shelf');
  const name = `shelf-${Date.now().toString(36).slice(-6)}`;
  const room = (await api(owner, 'POST', '/api/rooms', { name })).body.conversation as { id: string };
  const uploader = await request.newContext({ baseURL: base(), extraHTTPHeaders: { authorization: `Bearer ${owner.token}` } });
  /** Uploads a small text file and sends it alone; answers the message's id. */
  const share = async (file: string): Promise<string> => {
    const up = await uploader.post(`/api/conversations/${room.id}/files?name=${file}`, {
      data: Buffer.from(`${file} contents`),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(up.status(), await up.text()).toBe(201);
    const { id } = ((await up.json()) as { file: { id: string } }).file;
    const sent = await api(owner, 'POST', `/api/conversations/${room.id}/messages`, { clientMsgId: crypto.randomUUID(), body: '', attachments: [id] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    return (sent.body as { message: { id: string } }).message.id;
  };
  const plan = await share('plan.txt');
  await share('budget.txt');

  const page = await open(browser, owner, { width: 1280, height: 800, dark: false, lang: 'en-US' }, errors);
  await openChat(page, name);
  await page.getByRole('button', { name: 'Room info' }).click();
  const shared = page.getByRole('complementary', { name: 'About this room' }).getByRole('list', { name: 'Files' });
  await expect(shared.getByRole('listitem')).toHaveCount(2);
  await expect(shared.getByRole('listitem').first()).toContainText('budget.txt');
  await expect(shared.getByRole('listitem').first()).toContainText(owner.username);
  await expect(shared.getByRole('link', { name: /plan\.txt/ })).toHaveAttribute('href', /\/api\/files\//);
  await page.screenshot({ path: path.join(artifacts, 'files-room-panel-1280.png') });

  // The open panel follows files shared and messages deleted meanwhile.
  await share('notes.txt');
  await expect(shared.getByRole('listitem')).toHaveCount(3);
  await expect(shared.getByRole('listitem').first()).toContainText('notes.txt');
  expect((await api(owner, 'DELETE', `/api/conversations/${room.id}/messages/${plan}`)).status).toBe(204);
  await expect(shared.getByRole('listitem')).toHaveCount(2);
  await expect(shared.getByText('plan.txt')).toHaveCount(0);
  await uploader.dispose();

  // What those uploads take of the quota, on the Me page (the deleted message's file is gone).
  await page.getByRole('tab', { name: /^Me/ }).click();
  await expect(page.getByText('37 B of 1 GB used by files you sent')).toBeVisible();
  await expect(page.getByText('Files up to 25 MB each')).toBeVisible();
  await page.screenshot({ path: path.join(artifacts, 'files-me-storage-1280.png') });

  // On a phone, in Chinese and dark: the panel covers the conversation and nothing scrolls sideways.
  const phone = await open(browser, owner, { width: 375, height: 812, dark: true, lang: 'zh-CN' }, errors);
  await openChat(phone, name);
  await phone.getByRole('button', { name: '聊天室信息' }).click();
  const onPhone = phone.getByRole('complementary', { name: '关于此聊天室' }).getByRole('list', { name: '文件' });
  await expect(onPhone.getByRole('listitem')).toHaveCount(2);
  await expectNoSideways(phone, 'room details with files at 375 px');
  await phone.screenshot({ path: path.join(artifacts, 'files-room-panel-375-dark-zh.png') });
  expect(errors).toEqual([]);
});
