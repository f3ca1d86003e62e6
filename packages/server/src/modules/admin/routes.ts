import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { mountRoute } from '../../http/route';
import { readAudit } from './audit';
import { banUser, unbanUser } from './commands';
import { adminDeleteMessage } from './delete-message';
import { presentAdminUser } from './presenters';
import { findUsers } from './queries';

/** Every route here is marked admin in the protocol table; mountRoute refuses everyone else. */
export function adminRoutes(app: FastifyInstance, ctx: AppContext): void {
  mountRoute(app, ctx, 'adminListUsers', async ({ query }) => ({ users: (await findUsers(ctx.db, query.q)).map(presentAdminUser) }));
  mountRoute(app, ctx, 'banUser', async ({ auth, params, body }) => ({ user: await banUser(ctx, auth, params.userId, body.reason) }));
  mountRoute(app, ctx, 'unbanUser', async ({ auth, params }) => ({ user: await unbanUser(ctx, auth, params.userId) }));
  mountRoute(app, ctx, 'adminDeleteMessage', ({ auth, params }) => adminDeleteMessage(ctx, auth, params.messageId));
  mountRoute(app, ctx, 'auditLog', async ({ query }) => readAudit(ctx, query.limit, query.before));
}
