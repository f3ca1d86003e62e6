import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { mountRoute } from '../../http/route';
import { searchMessages } from './commands';

export function searchRoutes(app: FastifyInstance, ctx: AppContext): void {
  mountRoute(app, ctx, 'searchMessages', async ({ auth, query }) => searchMessages(ctx, auth, query));
}
