#!/usr/bin/env node
// First load of the web client against the real server (production mode, precompressed build) in
// Chromium over loopback: the bytes a browser actually receives (CDP encodedDataLength, headers
// included) for the log-in page and for the chat page of a user with 20 conversations and history,
// on a cold and on a warm HTTP cache; the time to a usable chat; and Lighthouse (mobile and desktop
// presets) on both pages. Writes bench/results/web-first-load.{md,json}.
//
//   npm run bench:web                           build the UI, then measure (5 cold loads)
//   npm run bench:web -- --no-build --runs 10
//   npm run bench:web -- --no-lighthouse        bytes and timings only (about 30 s)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'packages/web/dist');
const resultsDir = path.join(root, 'bench/results');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 0) || 5;
const GOAL_FIRST_SCREEN_JS = 120 * 1024;
const GOAL_REPEAT_VISIT = 5 * 1024;
const CONVERSATIONS = 20;
const MESSAGES_PER_CONVERSATION = 30;
const chromiumPath = process.env.CHROME_PATH ?? process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium';

function run(cmd, argv, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: root, stdio: 'inherit', ...opts });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}`))));
  });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const gz = (file) => gzipSync(readFileSync(file)).length;
const br = (file) => (existsSync(`${file}.br`) ? readFileSync(`${file}.br`).length : readFileSync(file).length);

/** What index.html loads before anything else: its entry script, preloaded modules and styles. */
function firstScreenAssets() {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="\.\/([^"]+)"[^>]*>/g)].map((m) => ({ tag: m[0], file: m[1] }));
  const pick = (pred) => refs.filter(pred).map((r) => r.file);
  const js = pick((r) => r.file.endsWith('.js'));
  const css = pick((r) => r.file.endsWith('.css'));
  const measure = (files) => files.map((f) => ({ file: f, bytes: readFileSync(path.join(dist, f)).length, brotli: br(path.join(dist, f)), gzip: gz(path.join(dist, f)) }));
  const all = readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
  const lazy = all.map((f) => `assets/${f}`).filter((f) => !js.includes(f));
  return { js: measure(js), css: measure(css), lazy: measure(lazy) };
}

async function startServer() {
  const port = 39900 + (process.pid % 90);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'natter-bench-web-'));
  // Node itself (not npx) so that stopping it stops the server.
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      // A graceful shutdown waits for open connections; the measurement is over, so do not wait long.
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(force);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function register(url) {
  const username = `bench_${Date.now().toString(36)}`;
  const res = await fetch(`${url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'violet-otter-42-lantern' }),
  });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
  const { token } = await res.json();
  const host = new URL(url).hostname;
  const setCookies = res.headers.getSetCookie();
  const cookies = setCookies.map((c) => {
    const [pair] = c.split(';');
    const eq = pair.indexOf('=');
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), domain: host, path: '/', httpOnly: /httponly/i.test(c), secure: false, sameSite: 'Lax' };
  });
  return { username, token, storageState: { cookies, origins: [] } };
}

/** general plus 19 rooms, each with a page of history, so the chat page has a real list to render. */
async function seed(url, token) {
  const call = async (method, p, body) => {
    const res = await fetch(`${url}${p}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const list = await (await fetch(`${url}/api/conversations`, { headers: { authorization: `Bearer ${token}` } })).json();
  const ids = list.conversations.map((c) => c.id);
  for (let i = ids.length; i < CONVERSATIONS; i++) {
    const { conversation } = await call('POST', '/api/rooms', { name: `bench-room-${i}`, topic: `Room ${i} for the first-load bench` });
    ids.push(conversation.id);
  }
  let n = 0;
  for (const id of ids) {
    for (let m = 0; m < MESSAGES_PER_CONVERSATION; m++) {
      const body = m % 5 === 0 ? `**Update ${m}**: the build is green, see \`bench/\` for the numbers 🎉` : `Message ${m} in this conversation, with a few words of ordinary chat text.`;
      await call('POST', `/api/conversations/${id}/messages`, { clientMsgId: `bench-${++n}-${Date.now().toString(36)}`, body });
    }
  }
  return ids;
}

/** Counts what arrives over the network for one page: bytes on the wire (headers + encoded bodies). */
async function wireMeter(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const requests = new Map();
  let total = 0;
  let js = 0;
  cdp.on('Network.responseReceived', (e) => requests.set(e.requestId, { type: e.type, url: e.response.url, fromCache: e.response.fromDiskCache || e.response.fromServiceWorker }));
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    total += e.encodedDataLength;
    if (r?.type === 'Script') js += e.encodedDataLength;
  });
  // WebSocket frames are the conversation itself, not the load; they are left out.
  return {
    snapshot: () => ({ bytes: total, jsBytes: js, requests: requests.size }),
    reset: () => {
      total = 0;
      js = 0;
      requests.clear();
    },
  };
}

const conversationsNav = (page) => page.getByRole('navigation', { name: 'Conversations' });

/**
 * Bytes for the log-in page (anonymous) and the chat page (signed in), each on a fresh context
 * (cold HTTP cache) and then reloaded in the same context (warm cache). No service worker, so the
 * HTTP cache headers are what is measured.
 */
async function wireBytes(browser, url, storageState) {
  const out = {};
  for (const [name, state] of [['login', undefined], ['chat', storageState]]) {
    const context = await browser.newContext({ storageState: state, viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    const meter = await wireMeter(page);
    const ready = async () => {
      if (name === 'login') await page.getByRole('button', { name: 'Log in' }).waitFor();
      else await conversationsNav(page).getByRole('link').nth(CONVERSATIONS - 1).waitFor();
    };
    await page.goto(url);
    await ready();
    const cold = meter.snapshot();
    meter.reset();
    await page.goto(url);
    await ready();
    const warm = meter.snapshot();
    out[name] = { cold, warm };
    await context.close();
  }
  return out;
}

/**
 * One cold load: a fresh context (empty HTTP cache, no service worker), signed in, measured from
 * navigation start until the conversation list shows the rooms and the composer of the first
 * conversation accepts typing.
 */
async function coldLoad(browser, url, storageState) {
  const context = await browser.newContext({ storageState, viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const start = Date.now();
  await page.goto(url);
  const link = conversationsNav(page).getByRole('link', { name: /^general\b/ });
  await link.waitFor();
  const listAt = Date.now() - start;
  await link.click();
  await page.getByLabel('Message #general').waitFor();
  const usableAt = Date.now() - start;
  const nav = await page.evaluate(() => {
    const [n] = performance.getEntriesByType('navigation');
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { domContentLoaded: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd), firstContentfulPaint: fcp ? Math.round(fcp.startTime) : null };
  });
  await context.close();
  return { listVisibleMs: listAt, usableChatMs: usableAt, ...nav };
}

/** Lighthouse's own Chromium launch (Debian's build), mobile (default) and desktop presets. */
async function lighthouseRuns(url, cookies) {
  const { default: lighthouse } = await import('lighthouse');
  const { default: desktopConfig } = await import('lighthouse/core/config/desktop-config.js');
  const chromeLauncher = await import('chrome-launcher');
  const chrome = await chromeLauncher.launch({ chromePath: chromiumPath, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const out = [];
  try {
    for (const page of ['login', 'chat']) {
      // Signed in the way a browser is: the cookies sit in its jar (Lighthouse keeps cookies between
      // runs), so the page's scripts see the readable CSRF cookie as well. A Cookie header alone
      // would reach the server but not document.cookie.
      if (page === 'chat') {
        const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
        await cdp.contexts()[0].addCookies(cookies);
        await cdp.close();
      }
      for (const [preset, config] of [['mobile', undefined], ['desktop', desktopConfig]]) {
        const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] };
        const { lhr } = await lighthouse(url, flags, config);
        const score = (c) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
        const metric = (id) => lhr.audits[id]?.numericValue ?? null;
        const failing = Object.values(lhr.audits)
          .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable' && a.scoreDisplayMode !== 'manual')
          .map((a) => a.id);
        out.push({
          page,
          preset,
          performance: score('performance'),
          accessibility: score('accessibility'),
          bestPractices: score('best-practices'),
          fcpMs: Math.round(metric('first-contentful-paint')),
          lcpMs: Math.round(metric('largest-contentful-paint')),
          tbtMs: Math.round(metric('total-blocking-time')),
          cls: Number((metric('cumulative-layout-shift') ?? 0).toFixed(3)),
          transferBytes: metric('total-byte-weight'),
          failing,
          runtimeError: lhr.runtimeError?.code ?? null,
        });
        console.log(`lighthouse ${page} ${preset}: perf ${score('performance')} a11y ${score('accessibility')} bp ${score('best-practices')}`);
      }
    }
  } finally {
    await chrome.kill();
  }
  return out;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

if (!args.includes('--no-build')) await run('npm', ['run', 'build', '-w', '@natter/web']);
const assets = firstScreenAssets();
const sum = (list, k) => list.reduce((n, a) => n + a[k], 0);
const server = await startServer();
const loads = [];
let wire;
let lighthouseResults = [];
try {
  const { storageState, token } = await register(server.url);
  await seed(server.url, token);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await coldLoad(browser, server.url, storageState); // warms the server, not the browser
  wire = await wireBytes(browser, server.url, storageState);
  for (let i = 0; i < runs; i++) loads.push(await coldLoad(browser, server.url, storageState));
  await browser.close();
  if (!args.includes('--no-lighthouse')) lighthouseResults = await lighthouseRuns(`${server.url}/`, storageState.cookies);
} finally {
  await server.close();
}

const result = {
  date: new Date().toISOString(),
  node: process.version,
  firstScreen: {
    js: assets.js,
    css: assets.css,
    jsBrotli: sum(assets.js, 'brotli'),
    cssBrotli: sum(assets.css, 'brotli'),
  },
  wire,
  goals: {
    firstScreenJsOnWire: { goal: GOAL_FIRST_SCREEN_JS, login: wire.login.cold.jsBytes, met: wire.login.cold.jsBytes < GOAL_FIRST_SCREEN_JS },
    repeatVisitBeforeChat: { goal: GOAL_REPEAT_VISIT, chat: wire.chat.warm.bytes, met: wire.chat.warm.bytes < GOAL_REPEAT_VISIT },
  },
  lazyChunks: assets.lazy,
  coldLoads: loads,
  median: {
    listVisibleMs: median(loads.map((l) => l.listVisibleMs)),
    usableChatMs: median(loads.map((l) => l.usableChatMs)),
    firstContentfulPaintMs: median(loads.map((l) => l.firstContentfulPaint ?? 0)),
  },
  lighthouse: lighthouseResults,
};

const row = (name, w) => `| ${name} | ${kb(w.cold.bytes)} (${kb(w.cold.jsBytes)} JS, ${w.cold.requests} requests) | ${kb(w.warm.bytes)} (${w.warm.requests} requests) |`;
const md = [
  '# Web client first load',
  '',
  `${result.date} · Node ${result.node} · Chromium headless over loopback, production server, precompressed build`,
  '',
  '## On the wire',
  '',
  `Bytes received (CDP encodedDataLength: headers and compressed bodies; socket frames left out) until the page is usable:`,
  `the log-in form, or the chat page's list of ${CONVERSATIONS} conversations with ${MESSAGES_PER_CONVERSATION} messages each. Cold: a fresh context;`,
  'warm: the same page loaded again (HTTP cache only, service worker blocked).',
  '',
  '| page | cold | warm |',
  '| --- | ---: | ---: |',
  row('log-in', wire.login),
  row('chat', wire.chat),
  '',
  `First screen JavaScript on the wire: ${kb(result.goals.firstScreenJsOnWire.login)} (goal < ${kb(GOAL_FIRST_SCREEN_JS)}: ${result.goals.firstScreenJsOnWire.met ? 'met' : 'NOT met'}).`,
  `Repeat visit before the chat shows: ${kb(result.goals.repeatVisitBeforeChat.chat)} (goal < ${kb(GOAL_REPEAT_VISIT)}: ${result.goals.repeatVisitBeforeChat.met ? 'met' : 'NOT met'}).`,
  '',
  '## What index.html loads',
  '',
  '| file | size | brotli | gzip |',
  '| --- | ---: | ---: | ---: |',
  ...[...assets.js, ...assets.css].map((a) => `| ${a.file} | ${kb(a.bytes)} | ${kb(a.brotli)} | ${kb(a.gzip)} |`),
  '',
  'Loaded later, on demand (brotli):',
  '',
  ...(assets.lazy.length ? assets.lazy.map((a) => `- ${a.file}: ${kb(a.brotli)}`) : ['- (none)']),
  '',
  ...(lighthouseResults.length
    ? [
        '## Lighthouse',
        '',
        '| page | preset | performance | accessibility | best practices | FCP | LCP | TBT | CLS | audits below 0.9 |',
        '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
        ...lighthouseResults.map((l) => `| ${l.page} | ${l.preset} | ${l.performance} | ${l.accessibility} | ${l.bestPractices} | ${l.fcpMs} ms | ${l.lcpMs} ms | ${l.tbtMs} ms | ${l.cls} | ${l.failing.join(', ') || '-'} |`),
        '',
      ]
    : []),
  '## Time to a usable chat (cold cache, desktop viewport)',
  '',
  '| run | first paint | list shown | composer ready |',
  '| ---: | ---: | ---: | ---: |',
  ...loads.map((l, i) => `| ${i + 1} | ${l.firstContentfulPaint} ms | ${l.listVisibleMs} ms | ${l.usableChatMs} ms |`),
  `| median | ${result.median.firstContentfulPaintMs} ms | ${result.median.listVisibleMs} ms | ${result.median.usableChatMs} ms |`,
  '',
  '"List shown": navigation start to the conversation list with its rooms; "composer ready": then opening',
  'a room until its message box accepts typing. Numbers from one machine; compare runs, not machines.',
  '',
].join('\n');

mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, 'web-first-load.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(path.join(resultsDir, 'web-first-load.md'), md);
console.log(md);
