import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext, Auth } from '../context';
import { AppError } from '../http/errors';
import { CSRF_HEADER, csrfCookieMatches, csrfTokenFor, setCsrfCookie } from './cookies';
import { originAllowed, originOf } from './origins';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function hasBearer(req: FastifyRequest): boolean {
  return req.headers.authorization?.startsWith('Bearer ') === true;
}

function refused(message: string): AppError {
  return new AppError('csrf_failed', message);
}

/**
 * A state-changing call sent with the session cookie must come from an allowed origin (when the
 * browser names one) and echo the CSRF token. Bearer-token calls carry no ambient credential, so a
 * page elsewhere cannot forge them. Login and sign-up (no session yet) get the Origin check alone.
 */
export function guardRequest(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, auth: Auth | null): void {
  if (hasBearer(req)) return;
  if (auth && !csrfCookieMatches(ctx, req, auth.sessionId)) setCsrfCookie(ctx, req, reply, auth.sessionId);
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.origin;
  if (origin !== undefined && !originAllowed(ctx.config, origin, originOf(req.protocol, req.host))) throw refused(`requests from ${origin.slice(0, 100)} are not accepted`);
  if (auth && req.headers[CSRF_HEADER] !== csrfTokenFor(auth.sessionId)) {
    throw refused('the X-CSRF-Token header is missing or wrong; reload the page');
  }
}
