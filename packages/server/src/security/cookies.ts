import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { sha256 } from '../util/ids';

/*
 * Over HTTPS the cookies are prefixed: `__Host-` at the root (no Domain, Path=/, Secure: no sibling
 * subdomain or plain-HTTP page can plant one), `__Secure-` under a BASE_PATH, because `__Host-` demands
 * Path=/ and a cookie scoped to the base path keeps two apps on one host apart.
 */
const SESSION = 'natter_session';
const CSRF = 'natter_csrf';
const PREFIXES = ['__Host-', '__Secure-', ''] as const;

export const CSRF_HEADER = 'x-csrf-token';

export function isSecureRequest(ctx: AppContext, req: FastifyRequest): boolean {
  return ctx.config.cookieSecure === 'auto' ? req.protocol === 'https' : ctx.config.cookieSecure;
}

function names(ctx: AppContext, secure: boolean) {
  const prefix = !secure ? '' : ctx.config.basePath ? '__Secure-' : '__Host-';
  return { session: prefix + SESSION, csrf: prefix + CSRF, path: ctx.config.basePath || '/' };
}

/** Prefixed names first, so a planted plain cookie never shadows the real one. */
export function sessionTokenFromCookies(cookies: Record<string, string | undefined>): string | null {
  for (const p of PREFIXES) {
    const value = cookies[p + SESSION];
    if (value) return value;
  }
  return null;
}

/** Bound to the session and useless without it: a page of another origin can neither read nor guess it. */
export function csrfTokenFor(sessionId: string): string {
  return sha256(`csrf:${sessionId}`);
}

export function setSessionCookies(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, token: string, sessionId: string): void {
  const secure = isSecureRequest(ctx, req);
  const n = names(ctx, secure);
  const maxAge = Math.floor(ctx.config.sessionTtlMs / 1000);
  void reply.setCookie(n.session, token, { httpOnly: true, sameSite: 'lax', secure, path: n.path, maxAge });
  setCsrfCookie(ctx, req, reply, sessionId);
}

/** Readable by the page's script, which echoes it in the X-CSRF-Token header. */
export function setCsrfCookie(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, sessionId: string): void {
  const secure = isSecureRequest(ctx, req);
  const n = names(ctx, secure);
  void reply.setCookie(n.csrf, csrfTokenFor(sessionId), {
    httpOnly: false, sameSite: 'lax', secure, path: n.path, maxAge: Math.floor(ctx.config.sessionTtlMs / 1000),
  });
}

export function csrfCookieMatches(ctx: AppContext, req: FastifyRequest, sessionId: string): boolean {
  return req.cookies?.[names(ctx, isSecureRequest(ctx, req)).csrf] === csrfTokenFor(sessionId);
}

export function clearSessionCookies(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): void {
  const secure = isSecureRequest(ctx, req);
  const n = names(ctx, secure);
  void reply.clearCookie(n.session, { path: n.path, secure, httpOnly: true, sameSite: 'lax' });
  void reply.clearCookie(n.csrf, { path: n.path, secure, sameSite: 'lax' });
}
