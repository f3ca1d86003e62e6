import type { FastifyRequest } from 'fastify';
import type { AppContext, Auth } from '../context';
import { authenticateToken } from '../modules/accounts/sessions';
import { refuseUnverified } from '../modules/email/gate';
import { sessionTokenFromCookies } from '../security/cookies';
import { AppError } from './errors';

/** Over HTTPS it carries a __Host- or __Secure- prefix: see security/cookies.ts. */
export const SESSION_COOKIE = 'natter_session';

/** Bearer token first (programs), then the session cookie (browsers). */
export function tokenFrom(headers: { authorization?: string | undefined; cookie?: string | undefined }, cookies?: Record<string, string | undefined>): string | null {
  const header = headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || null;
  return sessionTokenFromCookies(cookies ?? parseCookie(headers.cookie));
}

function parseCookie(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0) {
      try {
        out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        // A malformed cookie value is ignored like a missing one.
      }
    }
  }
  return out;
}

export async function authenticateRequest(ctx: AppContext, req: FastifyRequest, opts: { allowUnverified?: boolean } = {}): Promise<Auth> {
  const token = tokenFrom(req.headers, req.cookies);
  const auth = token ? await authenticateToken(ctx, token) : null;
  if (!auth) throw new AppError('unauthenticated', 'log in first');
  if (!opts.allowUnverified) refuseUnverified(ctx, auth);
  return auth;
}
