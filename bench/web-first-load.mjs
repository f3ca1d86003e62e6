#!/usr/bin/env node
// First load of the web client: the JavaScript and CSS the first screen needs (gzip), and the time
// from navigation to a usable chat on a cold cache, over loopback against the real server in
// Chromium. Writes bench/results/web-first-load.{md,json}.
//
//   npm run bench:web              build the UI, then measure (5 cold loads)
//   npm run bench:web -- --no-build --runs 10
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'packages/web/dist');
const resultsDir = path.join(root, 'bench/results');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 0) || 5;
const BUDGET_JS_GZIP = 200 * 1024;

function run(cmd, argv, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: root, stdio: 'inherit', ...opts });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}`))));
  });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const gz = (file) => gzipSync(readFileSync(file)).length;

/** What index.html loads before anything else: its entry script, preloaded modules and styles. */
function firstScreenAssets() {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="\.\/([^"]+)"[^>]*>/g)].map((m) => ({ tag: m[0], file: m[1] }));
  const pick = (pred) => refs.filter(pred).map((r) => r.file);
  const js = pick((r) => r.file.endsWith('.js'));
  const css = pick((r) => r.file.endsWith('.css'));
  const measure = (files) => files.map((f) => ({ file: f, bytes: readFileSync(path.join(dist, f)).length, gzip: gz(path.join(dist, f)) }));
  const all = readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'));
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
  const host = new URL(url).hostname;
  const cookies = res.headers.getSetCookie().map((c) => {
    const [pair] = c.split(';');
    const eq = pair.indexOf('=');
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), domain: host, path: '/', httpOnly: /httponly/i.test(c), secure: false, sameSite: 'Lax' };
  });
  return { username, storageState: { cookies, origins: [] } };
}

/**
 * One cold load: a fresh context (empty HTTP cache, no service worker), signed in, measured from
 * navigation start until the conversation list shows the rooms and the composer of the first
 * conversation accepts typing.
 */
async function coldLoad(browser, url, storageState) {
  const context = await browser.newContext({ storageState, viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  let transferred = 0;
  page.on('response', (r) => {
    if (!r.url().includes('/api/')) transferred += Number(r.headers()['content-length'] ?? 0);
  });
  const start = Date.now();
  await page.goto(url);
  const link = page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: /^general\b/ });
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
  return { listVisibleMs: listAt, usableChatMs: usableAt, ...nav, staticBytesOnWire: transferred };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

if (!args.includes('--no-build')) await run('npm', ['run', 'build', '-w', '@natter/web']);
const assets = firstScreenAssets();
const sum = (list, k) => list.reduce((n, a) => n + a[k], 0);
const server = await startServer();
let loads = [];
try {
  const { storageState } = await register(server.url);
  const browser = await chromium.launch({
    executablePath: process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await coldLoad(browser, server.url, storageState); // warms the server, not the browser
  for (let i = 0; i < runs; i++) loads.push(await coldLoad(browser, server.url, storageState));
  await browser.close();
} finally {
  await server.close();
}

const result = {
  date: new Date().toISOString(),
  node: process.version,
  firstScreen: {
    js: assets.js,
    css: assets.css,
    jsGzip: sum(assets.js, 'gzip'),
    cssGzip: sum(assets.css, 'gzip'),
    jsBudgetGzip: BUDGET_JS_GZIP,
    withinBudget: sum(assets.js, 'gzip') <= BUDGET_JS_GZIP,
  },
  lazyChunks: assets.lazy,
  coldLoads: loads,
  median: {
    listVisibleMs: median(loads.map((l) => l.listVisibleMs)),
    usableChatMs: median(loads.map((l) => l.usableChatMs)),
    firstContentfulPaintMs: median(loads.map((l) => l.firstContentfulPaint ?? 0)),
  },
};

const md = [
  '# Web client first load',
  '',
  `${result.date} · Node ${result.node} · Chromium headless over loopback · ${runs} cold loads (fresh context each: empty cache, no service worker)`,
  '',
  '## Sent for the first screen',
  '',
  '| file | size | gzip |',
  '| --- | ---: | ---: |',
  ...[...assets.js, ...assets.css].map((a) => `| ${a.file} | ${kb(a.bytes)} | ${kb(a.gzip)} |`),
  `| **JavaScript total** | | **${kb(result.firstScreen.jsGzip)}** (budget ${kb(BUDGET_JS_GZIP)}: ${result.firstScreen.withinBudget ? 'within' : 'OVER'}) |`,
  `| **CSS total** | | **${kb(result.firstScreen.cssGzip)}** |`,
  '',
  'Loaded later, on demand:',
  '',
  ...(assets.lazy.length ? assets.lazy.map((a) => `- ${a.file}: ${kb(a.gzip)} gzip`) : ['- (none)']),
  '',
  '## Time to a usable chat (cold cache)',
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
