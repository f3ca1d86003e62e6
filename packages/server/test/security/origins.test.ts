import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { nextId } from '../helpers/clients';
import { dialectsUnderTest } from '../helpers/databases';
import { serverFor } from '../helpers/server';
import { browserCall, browserSignUp } from './browser';

/*
 * The Origin rule (ADR 0010): scheme, host and port must all match the server's own origin, or
 * PUBLIC_URL's, or one of ALLOWED_ORIGINS. The scheme of the own origin comes from the connection,
 * or from X-Forwarded-Proto when TRUST_PROXY trusts the peer. REST and the socket handshake alike.
 */

const dialects = await dialectsUnderTest();

function handshake(url: string, headers: Record<string, string>): Promise<number> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/socket`, { headers });
  return new Promise((resolve) => {
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.terminate();
    });
    ws.on('error', () => {});
  });
}

/** The status of a cookie POST and of a cookie socket handshake with this Origin (and extra headers). */
async function both(url: string, origin: string, headers: Record<string, string> = {}): Promise<[number, number]> {
  const s = await browserSignUp(url, { origin: new URL(url).origin });
  const rest = await browserCall(url, s, 'POST', '/api/rooms', { name: `r${nextId()}o` }, { origin, ...headers });
  const socket = await handshake(url, { cookie: s.cookie, origin, ...headers });
  return [rest.status, socket];
}

const https = (url: string) => new URL(url).origin.replace(/^http:/, 'https:');
const otherPort = (url: string) => {
  const u = new URL(url);
  return `http://${u.hostname}:${Number(u.port) === 65535 ? 1 : Number(u.port) + 1}`;
};

describe.each(dialects)('Origin on a plain-HTTP server on $name', (dialect) => {
  const server = serverFor(dialect, { PUBLIC_URL: 'https://chat.example.com/chat', ALLOWED_ORIGINS: 'https://other.example.net' });

  it('accepts its own origin, PUBLIC_URL and ALLOWED_ORIGINS exactly', async () => {
    const { url } = await server();
    expect(await both(url, new URL(url).origin)).toEqual([201, 101]);
    expect(await both(url, 'https://chat.example.com')).toEqual([201, 101]);
    expect(await both(url, 'https://other.example.net')).toEqual([201, 101]);
  });

  it('refuses https://<its host>, another port, and X-Forwarded-Proto from an untrusted peer', async () => {
    const { url } = await server();
    expect(await both(url, https(url))).toEqual([403, 403]);
    expect(await both(url, otherPort(url))).toEqual([403, 403]);
    expect(await both(url, https(url), { 'x-forwarded-proto': 'https' })).toEqual([403, 403]);
    expect(await both(url, 'http://chat.example.com')).toEqual([403, 403]);
    expect(await both(url, 'https://chat.example.com:8443')).toEqual([403, 403]);
  });
});

describe.each(dialects)('Origin behind a trusted TLS proxy on $name', (dialect) => {
  const server = serverFor(dialect, { TRUST_PROXY: 'loopback' });

  it('takes the scheme from X-Forwarded-Proto: https matches, http no longer does', async () => {
    const { url } = await server();
    const tls = { 'x-forwarded-proto': 'https' };
    expect(await both(url, https(url), tls)).toEqual([201, 101]);
    expect(await both(url, new URL(url).origin, tls)).toEqual([403, 403]);
    // Without the header the connection itself is plain HTTP.
    expect(await both(url, new URL(url).origin)).toEqual([201, 101]);
    expect(await both(url, https(url))).toEqual([403, 403]);
  });

  it('takes the host from X-Forwarded-Host of the trusted proxy', async () => {
    const { url } = await server();
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'chat.example.com' };
    expect(await both(url, 'https://chat.example.com', forwarded)).toEqual([201, 101]);
    expect(await both(url, https(url), forwarded)).toEqual([403, 403]);
  });
});
