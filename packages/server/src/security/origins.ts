import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Config } from '../config';
import { trustsPeer } from '../ops/http-options';

/**
 * Exact match of scheme, host and port: the configured origins (PUBLIC_URL, ALLOWED_ORIGINS) or
 * the origin the request was sent to, `ownOrigin`. `https://host` is not the origin of a plain-HTTP
 * server on `host`: behind a TLS proxy, the scheme is known from X-Forwarded-Proto only when
 * TRUST_PROXY names the proxy, and otherwise PUBLIC_URL says it (ADR 0010).
 */
export function originAllowed(config: Config, origin: string, ownOrigin: string | undefined): boolean {
  if (config.security.allowedOrigins.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    // "null" (sandboxed frames, file: pages) and garbage never match.
    return false;
  }
  if (url.origin !== origin || (url.protocol !== 'http:' && url.protocol !== 'https:')) return false;
  return ownOrigin !== undefined && url.origin === ownOrigin;
}

/** `scheme://host[:port]` normalised as a browser writes an Origin (default ports left out, lower case). */
export function originOf(scheme: string | undefined, host: string | undefined): string | undefined {
  if (!host || (scheme !== 'http' && scheme !== 'https')) return undefined;
  try {
    const url = new URL(`${scheme}://${host}`);
    return url.host === host.toLowerCase() || url.host === host.toLowerCase().replace(/:(80|443)$/, '') ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

function lastEntry(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value.at(-1) : value;
  if (v === undefined) return undefined;
  return v.slice(v.lastIndexOf(',') + 1).trim() || undefined;
}

/**
 * The origin a raw request (the socket handshake) was sent to, read the way Fastify reads
 * `req.protocol` and `req.host`: X-Forwarded-Proto and X-Forwarded-Host count only from a peer
 * TRUST_PROXY trusts.
 */
export function ownOriginOfRaw(config: Config, req: IncomingMessage): string | undefined {
  const peer = req.socket.remoteAddress;
  const fromProxy = peer !== undefined && trustsPeer(config.ops.trustProxy, peer);
  const forwardedProto = fromProxy ? lastEntry(req.headers['x-forwarded-proto']) : undefined;
  const forwardedHost = fromProxy ? lastEntry(req.headers['x-forwarded-host']) : undefined;
  const scheme = forwardedProto ?? ((req.socket as TLSSocket).encrypted ? 'https' : 'http');
  return originOf(scheme, forwardedHost ?? req.headers.host);
}
