import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { mountRoute } from '../../http/route';
import { markRead } from './commands';

export function readRoutes(app: FastifyInstance, ctx: AppContext): void {
  mountRoute(app, ctx, 'markRead', ({ auth, params, body }) => markRead(ctx, auth, params.id, body.seq));
}
