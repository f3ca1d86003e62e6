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

/**
 * Markdown that tries to become a link to script, markup hidden inside formatting, and nesting bombs.
 * Each entry: the stored text and a piece of what must show as text.
 */
const MARKDOWN_PAYLOADS: [string, string][] = [
  ["[click me](javascript:window.__xss='md')", "[click me](javascript:window.__xss='md')"],
  ["javascript:window.__xss='bare' and JaVaScRiPt:window.__xss=2", "javascript:window.__xss='bare'"],
  ['[data](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MTwvc2NyaXB0Pg==) [vb](vbscript:msgbox(1)) [JS](JaVaScRiPt:window.__xss=3)', '[vb](vbscript:msgbox(1))'],
  ['**<img src=x onerror="window.__xss=\'bold\'" data-xss>** _<script>window.__xss=\'em\'</script>_ `<svg onload=window.__xss=4 data-xss>`', '<svg onload=window.__xss=4 data-xss>'],
  ['> <iframe srcdoc="<script>parent.__xss=5</script>" data-xss></iframe>\n- <a href="javascript:window.__xss=6" data-xss>x</a>', '<iframe srcdoc='],
  ['[<img src=x onerror=window.__xss=7 data-xss>](https://example.com/"onmouseover="window.__xss=8)', 'onmouseover='],
  ['[a safe link](https://example.com/ok) next to <img src=x onerror=window.__xss=9 data-xss>', 'next to <img src=x'],
  ['> '.repeat(200) + '<img src=x onerror=window.__xss=10 data-xss> deep', '<img src=x onerror=window.__xss=10 data-xss> deep'],
  ['- '.repeat(200) + '<script>window.__xss=11</script>', '<script>window.__xss=11</script>'],
  ['*_'.repeat(300) + '<b data-xss>x</b>' + '_*'.repeat(300), '<b data-xss>x</b>'],
  [`https://example.com/${'a'.repeat(3970)}`, 'https://example.com/aaaa'],
];

test('stored Markdown: script links, markup inside formatting and nesting bombs render as text only', async ({ page }) => {
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
  const signUp = await page.request.post('/api/auth/register', { data: { username: `xmd_${suffix}`, password: PASSWORD } });
  expect(signUp.status(), await signUp.text()).toBe(201);
  const csrf = await csrfOf(page);
  const roomName = `xmd-${suffix}`;
  const created = await post(page.request, csrf, '/api/rooms', { name: roomName });
  expect(created.status(), await created.text()).toBe(201);
  const room = (await created.json()).conversation;

  const shown: string[] = [];
  let n = 0;
  for (const [body, visible] of MARKDOWN_PAYLOADS) {
    const sent = await post(page.request, csrf, `/api/conversations/${room.id}/messages`, { clientMsgId: `xmd-${suffix}-${n++}`, body });
    // A server that checks Markdown limits refuses the bombs with a clear error; one that stores them
    // must still show them safely. Either way nothing is stored half.
    if (sent.status() === 400) expect((await sent.json()).error.code).toMatch(/^[a-z_]+$/);
    else {
      expect(sent.status(), await sent.text()).toBe(201);
      shown.push(visible);
    }
  }
  // The non-bombs are ordinary messages and always stored.
  expect(shown.length).toBeGreaterThanOrEqual(7);

  await page.reload();
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: new RegExp(`^${roomName}\\b`) }).click();
  const log = page.getByRole('log');
  for (const visible of shown) {
    const body = log.locator('.message-body').filter({ hasText: visible }).first();
    await body.scrollIntoViewIfNeeded();
    await expect(body).toBeVisible();
  }
  const links = await log.locator('.message-body a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), target: a.getAttribute('target'), rel: a.getAttribute('rel') })));
  // Only http(s) addresses became links (the safe one, and the bare address before a quote that ends
  // it), each opening in a new tab that gets no handle on this page.
  expect(links.map((l) => l.href).sort()).toEqual(['https://example.com/', 'https://example.com/ok']);
  for (const link of links) expect(link).toMatchObject({ target: '_blank', rel: 'noopener noreferrer' });

  await page.waitForTimeout(500);
  const state = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
    injected: document.querySelectorAll('[data-xss], .message-body script, .message-body img, .message-body svg, .message-body iframe, .message-body [onerror], .message-body [onload]').length,
    deepest: Math.max(0, ...[...document.querySelectorAll('.message-body blockquote, .message-body li')].map((el) => {
      let depth = 0;
      for (let p: Element | null = el; p && !p.classList.contains('message-body'); p = p.parentElement) depth++;
      return depth;
    })),
    csp: (window as unknown as { __csp?: string[] }).__csp ?? [],
  }));
  expect(state.xss).toBeNull();
  expect(state.injected).toBe(0);
  // Nesting bombs stay a few levels deep in the page (8 containers, each list two elements deep).
  expect(state.deepest).toBeLessThan(20);
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
