import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import { limitLogin, limitSignUp } from '../../security/auth-limits';
import { clearSessionCookies, setSessionCookies } from '../../security/cookies';
import { tokenFrom } from '../../http/auth';
import { mountRoute } from '../../http/route';
import { sendSignUpVerification } from '../email/verification';
import { appBaseUrl } from '../mail/links';
import { languageFromHeader } from '../mail/templates';
import { login, logout, register, type SignedIn } from './commands';
import { presentMe } from './presenters';
import { findUserById } from './queries';
import { authenticateToken } from './sessions';

export function accountRoutes(app: FastifyInstance, ctx: AppContext): void {
  mountRoute(app, ctx, 'register', async ({ body, req, reply }) => {
    await limitSignUp(ctx, req.ip);
    const language = body.language ?? languageFromHeader(req.headers['accept-language']);
    const result = await register(ctx, { ...body, language }, userAgent(req));
    await sendSignUpVerification(ctx, result.user.id, appBaseUrl(ctx.config, req));
    return signedIn(ctx, req, reply, result);
  });
  mountRoute(app, ctx, 'login', async ({ body, req, reply }) => {
    await limitLogin(ctx, req.ip, body.username);
    return signedIn(ctx, req, reply, await login(ctx, body, userAgent(req)));
  });
  mountRoute(app, ctx, 'logout', async ({ auth, req, reply }) => {
    await logout(ctx, auth);
    clearSessionCookies(ctx, req, reply);
  });
  mountRoute(app, ctx, 'me', async ({ auth }) => {
    const user = await findUserById(ctx.db, auth.userId);
    if (!user) throw new Error('authenticated user has no row');
    return { user: presentMe(user) };
  });
  mountRoute(app, ctx, 'session', async ({ req, reply }) => {
    void reply.header('cache-control', 'no-store');
    const token = tokenFrom(req.headers, req.cookies);
    const auth = token ? await authenticateToken(ctx, token) : null;
    const user = auth ? await findUserById(ctx.db, auth.userId) : undefined;
    return { user: user ? presentMe(user) : null };
  });
}

export function userAgent(req: FastifyRequest): string {
  return req.headers['user-agent'] ?? '';
}

export function signedIn(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, result: SignedIn) {
  setSessionCookies(ctx, req, reply, result.token, result.sessionId);
  return { user: result.user, token: result.token };
}
