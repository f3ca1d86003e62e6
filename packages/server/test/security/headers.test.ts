import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RouteDef, routes } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing';
import { Api, signUp } from '../helpers/clients';

/** The built app when there is one, else a stand-in page: the headers do not depend on its content. */
function webDist(): string {
  const built = path.resolve(import.meta.dirname, '../../../web/dist');
  if (fs.existsSync(path.join(built, 'index.html'))) return built;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-web-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Natter</title><script src="./theme-init.js"></script>');
  fs.writeFileSync(path.join(dir, 'theme-init.js'), 'document.documentElement.dataset.theme = "light";');
  fs.writeFileSync(path.join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  return dir;
}

describe('security headers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { WEB_DIST: webDist() } });
  });
  afterAll(async () => server?.close());

  const common = (res: Response) => {
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  };

  it('serves the app shell with a strict CSP: no inline script or style, nothing from elsewhere', async () => {
    for (const p of ['/', '/some/client/route']) {
      const res = await fetch(server.url + p);
      expect(res.status).toBe(200);
      common(res);
      const csp = res.headers.get('content-security-policy')!;
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('style-src')).toEqual(["'self'"]);
      expect(directives.get('default-src')).toEqual(["'self'"]);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(directives.get('base-uri')).toEqual(["'none'"]);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      // The page itself keeps to it: no inline script blocks.
      const html = await res.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
      expect(html).not.toMatch(/\son[a-z]+=/i);
    }
  });

  it("serves the service worker under the app's policy, which lets it fetch the shell it caches", async () => {
    const res = await fetch(`${server.url}/sw.js`);
    common(res);
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const other = await fetch(`${server.url}/theme-init.js`);
    expect(other.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('puts nosniff, Referrer-Policy and frame-ancestors on API answers and errors too', async () => {
    for (const res of [await fetch(`${server.url}/api/health`), await fetch(`${server.url}/api/nope`), await fetch(`${server.url}/api/me`)]) {
      common(res);
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it('marks every authenticated GET answer Cache-Control: no-store', async () => {
    const a = await signUp(server.url);
    const gets = Object.entries(routes as Record<string, RouteDef>).filter(([, d]) => d.auth && d.method === 'GET' && !d.path.includes(':') && (d.query?.safeParse({}).success ?? true));
    expect(gets.length).toBeGreaterThan(8);
    for (const [name, def] of gets) {
      const res = await fetch(server.url + def.path, { headers: { authorization: `Bearer ${a.token}` } });
      expect(res.status, name).toBe(200);
      expect(res.headers.get('cache-control'), name).toBe('no-store');
    }
    const file = await new Api(server.url, a.token).get('/api/conversations');
    expect(file.headers.get('cache-control')).toBe('no-store');
  });
});
