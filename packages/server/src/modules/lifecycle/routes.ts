import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { clearSessionCookies } from '../../security/cookies';
import { mountRoute } from '../../http/route';
import { changePassword, deleteAccount } from './commands';
import { endMySession, listSessions } from './sessions';

export function lifecycleRoutes(app: FastifyInstance, ctx: AppContext): void {
  mountRoute(app, ctx, 'changePassword', ({ auth, body }) => changePassword(ctx, auth, body));
  mountRoute(app, ctx, 'listSessions', async ({ auth }) => ({ sessions: await listSessions(ctx, auth) }));
  mountRoute(app, ctx, 'endSession', ({ auth, params }) => endMySession(ctx, auth, params.id));
  mountRoute(app, ctx, 'deleteAccount', async ({ auth, body, req, reply }) => {
    await deleteAccount(ctx, auth, body.password);
    clearSessionCookies(ctx, req, reply);
  });
}
