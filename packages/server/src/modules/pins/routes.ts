import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { mountRoute } from '../../http/route';
import { listPins, setPinned } from './commands';

export function pinRoutes(app: FastifyInstance, ctx: AppContext): void {
  mountRoute(app, ctx, 'pinMessage', async ({ auth, params }) => ({ message: await setPinned(ctx, auth, params.id, params.messageId, true) }));
  mountRoute(app, ctx, 'unpinMessage', async ({ auth, params }) => ({ message: await setPinned(ctx, auth, params.id, params.messageId, false) }));
  mountRoute(app, ctx, 'listPins', async ({ auth, params }) => ({ messages: await listPins(ctx, auth, params.id) }));
}
