import path from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import pg from 'pg';
import { TestCluster } from '../packages/server/test/cluster/helpers/cluster';
import { RedisServer } from '../packages/server/test/cluster/helpers/redis-server';
import { clusterTools } from '../packages/server/test/cluster/helpers/tools';

/*
 * Natter as deployed: two nodes under BASE_PATH=/chat on PostgreSQL and Redis, behind nginx running
 * the site from deploy/nginx/natter.conf (adapted to loopback by the cluster helpers). Browsers only
 * ever talk to nginx, so the UI, the API and the socket all cross the proxy.
 *
 * Extension point: new journeys that must work through the proxy (file downloads, for one) go in the
 * describe block below as further tests; `site` is the /chat URL on nginx and `signUp` opens a signed-in page.
 */

const ADMIN_URL = process.env.NATTER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WEB_DIST = path.resolve(import.meta.dirname, '../packages/web/dist');
const PASSWORD = 'violet-otter-42-lantern';
const tools = clusterTools();

async function createDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const name = `natter_e2e_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (err) {
    if (process.env.CI === 'true') throw err;
    console.warn(`\n*** PostgreSQL not reachable at ${ADMIN_URL}: SKIPPING the nginx journeys ***\n`);
    return null;
  } finally {
    await admin.end().catch(() => {});
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

test.describe('behind nginx at /chat, on two nodes', () => {
  test.skip(!tools, 'nginx, redis-server or the PostgreSQL server binaries are not installed');

  let redis: RedisServer | undefined;
  let database: Awaited<ReturnType<typeof createDatabase>> = null;
  let cluster: TestCluster | undefined;
  let site = '';

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    database = await createDatabase();
    if (!database || !tools) return;
    redis = await RedisServer.start(tools.redisServer);
    cluster = await TestCluster.start(tools, { DATABASE_URL: database.url, REDIS_URL: redis.url, WEB_DIST });
    site = cluster.url;
  });

  test.afterAll(async () => {
    await cluster?.stop();
    await redis?.down();
    await database?.drop();
  });

  async function signUp(browser: Browser, username: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const shell = await page.goto(`${site}/`);
    expect(shell?.status()).toBe(200);
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
    expect(page.url().startsWith(`${site}/`)).toBe(true);
    expect(errors).toEqual([]);
    return page;
  }

  test('the UI loads, sign-up works and a message travels live between two browsers', async ({ browser }) => {
    test.skip(!cluster, 'PostgreSQL is not reachable');
    const suffix = Date.now().toString(36).slice(-6);
    const text = `Through the proxy ${suffix}`;
    const a = await signUp(browser, `nx_a_${suffix}`);
    const b = await signUp(browser, `nx_b_${suffix}`);
    const general = (page: Page) => page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: /^general\b/ });

    await general(b).click();
    await expect(b.getByRole('heading', { name: 'general', level: 2 })).toBeVisible();
    await general(a).click();
    const composer = a.getByLabel('Message #general');
    await composer.fill(text);
    await composer.press('Enter');
    await expect(composer).toHaveValue('');
    await expect(a.getByRole('log').getByText(text)).toBeVisible();
    // No reload: it can only have come over B's socket, which nginx upgraded and proxied.
    await expect(b.getByRole('log').getByText(text)).toBeVisible();

    // The precompressed build crosses the proxy as it left the node: Brotli, cached for a year.
    const scriptPath = await a.evaluate(() => document.querySelector<HTMLScriptElement>('script[type="module"]')?.getAttribute('src') ?? '');
    const asset = await fetch(new URL(scriptPath, `${site}/`), { headers: { 'accept-encoding': 'br, gzip' } });
    expect(asset.headers.get('content-encoding')).toBe('br');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const shellGzip = await fetch(`${site}/`, { headers: { 'accept-encoding': 'gzip' } });
    expect(shellGzip.headers.get('content-encoding')).toBe('gzip');
    expect(shellGzip.headers.get('cache-control')).toBe('no-cache');

    const ready = await a.request.get(`${site}/api/ready`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
    await a.context().close();
    await b.context().close();
  });
});
