import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { negotiateEncoding } from '../src/http/encoding';
import { startTestServer } from '../src/testing';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** node:http, not fetch: fetch asks for compression itself and hides what came over the wire. */
function get(url: string, acceptEncoding?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

const decode = (r: Raw) =>
  r.headers['content-encoding'] === 'br'
    ? zlib.brotliDecompressSync(r.body).toString()
    : r.headers['content-encoding'] === 'gzip'
      ? zlib.gunzipSync(r.body).toString()
      : r.body.toString();

describe('the web UI and JSON answers on the wire', () => {
  // A miniature build, compressed by the same step packages/web's build runs.
  const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-web-ui-'));
  const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word${i % 37}`))};\n`;
  const page = `<!doctype html><html><head><title>Natter</title>${'<meta name="x" content="padding">'.repeat(30)}</head><body></body></html>`;
  fs.mkdirSync(path.join(webDist, 'assets'));
  fs.writeFileSync(path.join(webDist, 'assets/index-Ab12Cd34.js'), script);
  fs.writeFileSync(path.join(webDist, 'index.html'), page);
  fs.writeFileSync(path.join(webDist, 'sw.js'), `// worker\n${'self.addEventListener("fetch", () => {});\n'.repeat(30)}`);
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../web/scripts/precompress.mjs'), webDist]);
  const started = startTestServer({ env: { WEB_DIST: webDist } });
  afterAll(async () => {
    await (await started).close();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  it('answers a hashed asset with Brotli when asked, cached for a year as immutable', async () => {
    const { url } = await started;
    const res = await get(`${url}/assets/index-Ab12Cd34.js`, 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.body.length).toBeLessThan(script.length / 3);
    expect(decode(res)).toBe(script);
  });

  it('falls back to gzip, then to the file itself', async () => {
    const { url } = await started;
    const gz = await get(`${url}/assets/index-Ab12Cd34.js`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(decode(gz)).toBe(script);
    for (const none of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
      const plain = await get(`${url}/assets/index-Ab12Cd34.js`, none);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.toString()).toBe(script);
      expect(plain.headers.vary).toMatch(/accept-encoding/i);
    }
  });

  it('makes index.html, client routes and the service worker revalidate every time', async () => {
    const { url } = await started;
    for (const p of ['/', '/index.html', '/rooms/general']) {
      const res = await get(`${url}${p}`, 'br, gzip');
      expect(res.status, p).toBe(200);
      expect(res.headers['cache-control'], p).toBe('no-cache');
      expect(res.headers['content-encoding'], p).toBe('br');
      expect(res.headers.vary, p).toMatch(/accept-encoding/i);
      expect(decode(res), p).toBe(page);
    }
    const routeGzip = await get(`${url}/rooms/general`, 'gzip');
    expect(routeGzip.headers['content-encoding']).toBe('gzip');
    const routePlain = await get(`${url}/rooms/general`);
    expect(routePlain.headers['content-encoding']).toBeUndefined();
    expect(routePlain.body.toString()).toBe(page);
    const worker = await get(`${url}/sw.js`, 'br');
    expect(worker.headers['cache-control']).toBe('no-cache');
    expect(worker.headers['content-encoding']).toBe('br');
  });

  it('compresses JSON answers above 1 KB and leaves small ones alone', async () => {
    const { url } = await started;
    const big = await get(`${url}/api/openapi.json`, 'gzip, br');
    expect(big.headers['content-encoding']).toBe('br');
    expect(big.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(decode(big)).openapi).toBeTruthy();
    const gz = await get(`${url}/api/openapi.json`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decode(gz)).openapi).toBeTruthy();
    const plain = await get(`${url}/api/openapi.json`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString()).openapi).toBeTruthy();
    expect(big.body.length).toBeLessThan(plain.body.length / 4);
    const small = await get(`${url}/api/health`, 'br');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toEqual({ status: 'ok' });
  });

  it('negotiates like a browser expects', () => {
    const both = ['br', 'gzip', 'identity'] as const;
    expect(negotiateEncoding(undefined, both)).toBe('identity');
    expect(negotiateEncoding('gzip, deflate, br, zstd', both)).toBe('br');
    expect(negotiateEncoding('br;q=0, gzip', both)).toBe('gzip');
    expect(negotiateEncoding('*', both)).toBe('br');
    expect(negotiateEncoding('*;q=0, gzip;q=0.5', both)).toBe('gzip');
    expect(negotiateEncoding('br', ['gzip', 'identity'])).toBe('identity');
  });
});
