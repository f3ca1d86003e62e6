import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildApp, type NatterApp } from '../../src/app';
import { configFromEnv } from '../../src/config';
import { nginxAvailable, type RunningNginx, startNginx } from './nginx';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request from a chosen loopback address, so the test can tell the client from the proxy. */
function call(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {}): Promise<Reply> {
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      u,
      { method: opts.method ?? 'GET', headers: opts.headers, localAddress: opts.from ?? '127.0.0.3', rejectUnauthorized: false },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function nodeBehindProxy(env: Record<string, string>): Promise<{ app: NatterApp; address: string; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-proxy-'));
  const config = configFromEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, WEB_DIST: '', BASE_PATH: '/chat', ...env });
  const app = await buildApp(config);
  // What the node believes about its caller, as the session and rate-limit code sees it.
  app.fastify.get('/chat/test/peer', async (req) => ({ ip: req.ip, protocol: req.protocol, host: req.headers.host }));
  await app.fastify.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.fastify.server.address() as { port: number };
  return { app, address: `127.0.0.1:${port}`, dataDir };
}

describe.skipIf(!nginxAvailable)('behind the shipped nginx site (TLS, BASE_PATH=/chat)', () => {
  let trusting: Awaited<ReturnType<typeof nodeBehindProxy>>;
  let untrusting: Awaited<ReturnType<typeof nodeBehindProxy>>;
  let proxy: RunningNginx;
  let directProxy: RunningNginx;

  beforeAll(async () => {
    trusting = await nodeBehindProxy({ TRUST_PROXY: '127.0.0.1' });
    untrusting = await nodeBehindProxy({});
    proxy = await startNginx({ upstreams: [trusting.address], tls: true });
    directProxy = await startNginx({ upstreams: [untrusting.address], tls: true });
  });

  afterAll(async () => {
    for (const p of [proxy, directProxy]) await p?.stop();
    for (const n of [trusting, untrusting]) {
      await n?.app.close();
      if (n) fs.rmSync(n.dataDir, { recursive: true, force: true });
    }
  });

  it('the node sees the real client address and https, and ignores a forged X-Forwarded-For', async () => {
    const res = await call(`${proxy.url}/test/peer`, { headers: { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'http' } });
    expect(res.status).toBe(200);
    // The Host keeps the port the browser used, so same-origin checks hold on any port.
    expect(JSON.parse(res.body)).toEqual({ ip: '127.0.0.3', protocol: 'https', host: `127.0.0.1:${proxy.port}` });
  });

  it('without TRUST_PROXY the node believes no forwarded header', async () => {
    const res = await call(`${directProxy.url}/test/peer`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(JSON.parse(res.body)).toMatchObject({ ip: '127.0.0.1', protocol: 'http' });
  });

  it('a session cookie set over https through the proxy is Secure only when the proxy is trusted', async () => {
    const register = (base: string) =>
      call(`${base}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: `px_${Math.random().toString(36).slice(2, 8)}`, password: 'long enough pw' }),
      });
    const trusted = await register(proxy.url);
    expect(trusted.status).toBe(201);
    expect(String(trusted.headers['set-cookie'])).toMatch(/Path=\/chat.*Secure|Secure.*Path=\/chat/);
    const untrusted = await register(directProxy.url);
    expect(untrusted.status).toBe(201);
    expect(String(untrusted.headers['set-cookie'])).not.toMatch(/Secure/);
  });

  it('answers with the request id nginx assigned, for following one request through both logs', async () => {
    const res = await call(`${proxy.url}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('redirects /chat to /chat/ and passes the WebSocket upgrade through to a live session', async () => {
    const bare = await call(proxy.url);
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toMatch(/\/chat\/$/);

    const reg = await call(`${proxy.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `ws_${Math.random().toString(36).slice(2, 8)}`, password: 'long enough pw' }),
    });
    const { token } = JSON.parse(reg.body) as { token: string };
    const ws = new WebSocket(`${proxy.url.replace(/^https/, 'wss')}/api/socket`, { headers: { authorization: `Bearer ${token}` }, rejectUnauthorized: false });
    const frames: { type: string; [k: string]: unknown }[] = [];
    const next = (type: string) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} frame; got ${JSON.stringify(frames)}`)), 5000);
        const check = () => {
          const f = frames.find((x) => x.type === type);
          if (!f) return;
          clearTimeout(timer);
          resolve(f);
        };
        ws.on('message', check);
        check();
      });
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    await next('ready');
    ws.send(JSON.stringify({ type: 'hello', id: 'h1', cursors: {} }));
    const welcome = await next('welcome');
    const general = Object.keys(welcome.heads as Record<string, number>)[0]!;
    ws.send(JSON.stringify({ type: 'send', id: 's1', conversationId: general, clientMsgId: 'via-nginx-1', body: 'through the proxy' }));
    const ack = await next('ack');
    expect((ack.message as { body: string }).body).toBe('through the proxy');
    ws.close();
  });
});
