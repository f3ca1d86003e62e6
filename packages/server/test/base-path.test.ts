import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../src/testing';
import { Socket, signUp } from './helpers/clients';

describe('serving under BASE_PATH', () => {
  const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-web-'));
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>Natter</title>');
  fs.writeFileSync(path.join(webDist, 'app.js'), 'console.log(1)');
  const started = startTestServer({ env: { BASE_PATH: '/chat/', WEB_DIST: webDist } });
  afterAll(async () => (await started).close());

  it('serves the UI, its client routes, the API and the socket under the prefix', async () => {
    const { url } = await started;
    expect(url).toMatch(/\/chat$/);
    const shell = await fetch(`${url}/`);
    expect(shell.headers.get('content-type')).toMatch(/text\/html/);
    expect(await (await fetch(`${url}/app.js`)).text()).toBe('console.log(1)');
    expect(await (await fetch(`${url}/rooms/general`)).text()).toContain('<title>Natter');
    const missingApi = await fetch(`${url}/api/nope`);
    expect(missingApi.status).toBe(404);
    expect(((await missingApi.json()) as any).error.code).toBe('not_found');
    expect((await fetch(`${url.replace('/chat', '')}/api/health`)).status).toBe(404);

    const res = await fetch(`${url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `bp_${Date.now() % 1e6}`, password: 'long enough pw' }),
    });
    expect(res.headers.get('set-cookie')).toMatch(/Path=\/chat/);
    const { token } = await signUp(url);
    const { welcome } = await Socket.connect(url, token);
    expect(welcome.type).toBe('welcome');
  });
});
