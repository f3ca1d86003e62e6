import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';

/**
 * The web UI loads only its own files: no inline script or style (theme-init.js is a file for
 * that reason), images and fonts from the server or data:/blob: URLs, sockets to the same host.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** JSON and everything else that is not the app: nothing to load, nothing to frame. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** The web client's service worker script (public/sw.js), at the root of the app under any base path. */
const SERVICE_WORKER = /^[^?]*\/sw\.js(\?|$)/;

const HSTS_SECONDS = 180 * 24 * 3600;

export function securityHeaders(fastify: FastifyInstance, config: Config): void {
  fastify.addHook('onSend', async (req, reply, payload) => {
    // A 304 carries no content type, and its headers replace the cached page's: leave the policy alone.
    if (reply.statusCode !== 304 && !reply.hasHeader('content-security-policy')) {
      const type = String(reply.getHeader('content-type') ?? '');
      // A service worker runs under the policy of its own script: it fetches the app shell to cache it.
      const appPolicy = type.startsWith('text/html') || SERVICE_WORKER.test(req.url);
      void reply.header('content-security-policy', appPolicy ? APP_CSP : API_CSP);
    }
    void reply.header('x-content-type-options', 'nosniff');
    // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on same-origin POSTs.
    void reply.header('referrer-policy', 'same-origin');
    void reply.header('x-frame-options', 'DENY');
    void reply.header('cross-origin-opener-policy', 'same-origin');
    if (!reply.hasHeader('cross-origin-resource-policy')) void reply.header('cross-origin-resource-policy', 'same-origin');
    if (config.cookieSecure === true || req.protocol === 'https') void reply.header('strict-transport-security', `max-age=${HSTS_SECONDS}`);
    return payload;
  });
}
