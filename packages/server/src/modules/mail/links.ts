import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config';

/**
 * Where links in mails point: PUBLIC_URL (with BASE_PATH appended unless it already ends with it),
 * or, without PUBLIC_URL outside production, the address this request came to.
 */
export function appBaseUrl(config: Config, req: FastifyRequest): string {
  const base = config.basePath;
  if (config.publicUrl) {
    const pub = config.publicUrl.replace(/\/+$/, '');
    return base && new URL(pub).pathname.replace(/\/+$/, '').endsWith(base) ? pub : pub + base;
  }
  return `${req.protocol}://${req.host}${base}`;
}

/** The app routes by URL fragment, which browsers never send to servers or in Referer headers. */
export function appLink(baseUrl: string, route: 'verify-email' | 'reset-password', token: string): string {
  return `${baseUrl}/#/${route}/${token}`;
}

/**
 * Where links in mails sent from background work point (no request to read a host from):
 * PUBLIC_URL, or outside production this server on localhost.
 */
export function configuredBaseUrl(config: Config): string {
  if (config.publicUrl) {
    const pub = config.publicUrl.replace(/\/+$/, '');
    const base = config.basePath;
    return base && new URL(pub).pathname.replace(/\/+$/, '').endsWith(base) ? pub : pub + base;
  }
  return `http://localhost:${config.port}${config.basePath}`;
}

/** A message in the app: its conversation, scrolled to it. */
export function messageLink(baseUrl: string, conversationId: string, messageId: string, seq: number): string {
  return `${baseUrl}/#/c/${conversationId}/m/${messageId}/${seq}`;
}
