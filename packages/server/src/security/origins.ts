import type { Config } from '../config';

/**
 * Exact match only: the configured origins (PUBLIC_URL, ALLOWED_ORIGINS) or the host the request was
 * sent to. The scheme of the own host is not compared: behind a TLS proxy without TRUST_PROXY the
 * server cannot know it, and a page on the same host is as trusted as the app itself.
 */
export function originAllowed(config: Config, origin: string, ownHost: string | undefined): boolean {
  if (config.security.allowedOrigins.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    // "null" (sandboxed frames, file: pages) and garbage never match.
    return false;
  }
  if (url.origin !== origin || (url.protocol !== 'http:' && url.protocol !== 'https:')) return false;
  return ownHost !== undefined && url.host === ownHost.toLowerCase();
}
