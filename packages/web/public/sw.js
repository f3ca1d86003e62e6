// Keeps the app shell (page, scripts, styles, fonts, icons) so Natter starts without a network.
// Never touches the API: messages and sessions always come from the server.
const CACHE = 'natter-shell-v1';
const SCOPE = new URL(self.registration.scope);
const API = new URL('./api/', SCOPE).pathname;
const SHELL = ['./', './theme-init.js', './register-sw.js', './favicon.svg', './manifest.webmanifest', './icons/icon-192.png'];

/** The built page names its hashed scripts and styles; fetch those too so the first offline start works. */
async function cacheShell() {
  const cache = await caches.open(CACHE);
  const page = await fetch(new Request(SCOPE.href, { cache: 'reload' }));
  if (!page.ok) return;
  const html = await page.clone().text();
  await cache.put(SCOPE.href, page);
  // Script and style tags, and the metas listing the lazily loaded chunks (several names in one content).
  const assets = [...html.matchAll(/(?:src|href|content)="(\.\/assets\/[^"]+)"/g)]
    .flatMap((m) => m[1].split(' '))
    .map((p) => new URL(p, SCOPE).href);
  // addAll refuses a list that names one file twice.
  await cache.addAll([...new Set([...SHELL.slice(1).map((p) => new URL(p, SCOPE).href), ...assets])]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('natter-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function pageFirstFromNetwork(request) {
  const cache = await caches.open(CACHE);
  try {
    const fresh = await fetch(request);
    if (fresh.ok) await cache.put(SCOPE.href, fresh.clone());
    return fresh;
  } catch {
    const cached = await cache.match(SCOPE.href);
    if (cached) return cached;
    throw new Error('offline and no cached page');
  }
}

async function assetFromCache(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  // Hashed build files never change; other shell files are refreshed in the background.
  const refresh = fetch(request).then(async (fresh) => {
    if (fresh.ok) await cache.put(request, fresh.clone());
    return fresh;
  });
  if (cached) {
    if (!new URL(request.url).pathname.includes('/assets/')) refresh.catch(() => undefined);
    return cached;
  }
  return refresh;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname) || url.pathname.startsWith(API)) return;
  if (request.mode === 'navigate') {
    event.respondWith(pageFirstFromNetwork(request));
    return;
  }
  event.respondWith(assetFromCache(request));
});
