import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

const PASSWORD = 'violet-otter-42-lantern';
/** Each payload, if it ever ran or became markup, sets window.__xss or adds an element we look for. */
const PAYLOADS = [
  '<script>window.__xss = "script"</script>',
  '<img src=x onerror="window.__xss = \'img\'" data-xss>',
  '<svg onload="window.__xss = \'svg\'" data-xss></svg>',
  '"><iframe srcdoc="<script>parent.__xss = 1</script>" data-xss></iframe>',
  '<a href="javascript:window.__xss = \'link\'" data-xss>click</a>',
  '[click](javascript:window.__xss=1) {{constructor.constructor("window.__xss=1")()}}',
  '<style>body{display:none}</style><b data-xss>bold?</b>',
];

async function csrfOf(page: Page): Promise<string> {
  return (await page.context().cookies()).find((c) => c.name.endsWith('natter_csrf'))?.value ?? '';
}

async function post(request: APIRequestContext, csrf: string, path: string, data: unknown) {
  return request.post(path, { data, headers: { 'X-CSRF-Token': csrf } });
}

test('stored script and markup in messages, room topics, file names and names render as text only', async ({ page }) => {
  const violations: string[] = [];
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });

  const suffix = Date.now().toString(36).slice(-6);
  await page.goto('/');
  const signUp = await page.request.post('/api/auth/register', { data: { username: `xss_${suffix}`, password: PASSWORD } });
  expect(signUp.status(), await signUp.text()).toBe(201);
  const csrf = await csrfOf(page);

  // Names with markup are refused outright: usernames and room names allow letters, digits, _ - . and CJK only.
  for (const name of ['<img src=x onerror=alert(1)>', '"><script>x</script>', 'a&#x3C;b']) {
    expect((await page.request.post('/api/auth/register', { data: { username: name, password: PASSWORD } })).status()).toBe(400);
    expect((await post(page.request, csrf, '/api/rooms', { name })).status()).toBe(400);
  }

  const roomName = `xss-${suffix}`;
  const created = await post(page.request, csrf, '/api/rooms', { name: roomName, topic: PAYLOADS[1] });
  expect(created.status(), await created.text()).toBe(201);
  const room = (await created.json()).conversation;

  let n = 0;
  for (const body of PAYLOADS) {
    const sent = await post(page.request, csrf, `/api/conversations/${room.id}/messages`, { clientMsgId: `xss-${suffix}-${n++}`, body });
    expect(sent.status(), await sent.text()).toBe(201);
  }
  const fileName = '<img src=x onerror="window.__xss=\'file\'" data-xss>.txt';
  const uploaded = await page.request.post(`/api/conversations/${room.id}/files?name=${encodeURIComponent(fileName)}`, {
    data: Buffer.from('<script>window.__xss = "file body"</script>'),
    headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'text/html' },
  });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const file = (await uploaded.json()).file;
  const withFile = await post(page.request, csrf, `/api/conversations/${room.id}/messages`, { clientMsgId: `xss-${suffix}-file`, body: 'file attached', attachments: [file.id] });
  expect(withFile.status(), await withFile.text()).toBe(201);

  await page.reload();
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: new RegExp(`^${roomName}\\b`) }).click();
  const log = page.getByRole('log');
  for (const body of PAYLOADS) await expect(log.getByText(body, { exact: true })).toBeVisible();
  await expect(log.getByText('file attached')).toBeVisible();
  // The topic shows in the header and in the room info panel, as text.
  await page.getByRole('button', { name: 'Room info' }).click();
  await expect(page.locator('.info-topic')).toHaveText(PAYLOADS[1]!);

  // Opening the uploaded file directly must not run it in the app's origin either.
  const download = await page.request.get(file.url);
  expect(download.headers()['content-type'] ?? '').not.toMatch(/text\/html/);
  expect(download.headers()['content-disposition'] ?? '').toMatch(/^attachment/);

  await page.waitForTimeout(500);
  const state = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
    injected: document.querySelectorAll('[data-xss], .message-body script, .message-body img, .message-body svg, .message-body iframe, .message-body a[href^="javascript"]').length,
    iframes: document.querySelectorAll('iframe').length,
    hidden: getComputedStyle(document.body).display,
    csp: (window as unknown as { __csp?: string[] }).__csp ?? [],
  }));
  expect(state.xss).toBeNull();
  expect(state.injected).toBe(0);
  expect(state.iframes).toBe(0);
  expect(state.hidden).not.toBe('none');
  // The app itself lives within its Content-Security-Policy.
  expect(state.csp).toEqual([]);
  expect(violations).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('the app page carries a strict CSP and refuses to be framed', async ({ page }) => {
  const res = await page.goto('/');
  const headers = res!.headers();
  expect(headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
  expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  // An inline script added to the page does not run.
  const ran = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = true';
    document.head.append(s);
    await new Promise((r) => setTimeout(r, 50));
    return (window as unknown as { __inline?: boolean }).__inline ?? false;
  });
  expect(ran).toBe(false);
});
