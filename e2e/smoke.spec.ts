import path from 'node:path';
import { expect, test } from '@playwright/test';

const artifacts = path.join(import.meta.dirname, 'artifacts');

test('the page loads and offers the log-in form', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1280, height: 800 });
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.getByLabel(/user ?name/i).first()).toBeVisible();
  await expect(page.getByLabel(/password/i).first()).toBeVisible();
  await expect(page.getByRole('button', { name: /log ?in|sign ?in/i }).first()).toBeVisible();
  await page.screenshot({ path: path.join(artifacts, 'smoke-login.png') });
  expect(errors).toEqual([]);
});

test('/api/health answers ok', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
});

test('/api/openapi.json describes the API', async ({ request }) => {
  const res = await request.get('/api/openapi.json');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/application\/json/);
  const doc = (await res.json()) as { openapi?: unknown; paths?: Record<string, unknown> };
  expect(typeof doc.openapi).toBe('string');
  expect(Object.keys(doc.paths ?? {})).toContain('/api/health');
});

test('an unknown API path is a JSON error, not the page', async ({ request }) => {
  const res = await request.get('/api/no-such-route');
  expect(res.status()).toBe(404);
  const body = (await res.json()) as { error?: { code?: unknown } };
  expect(typeof body.error?.code).toBe('string');
});
