import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { mountRoute } from '../../http/route';
import { listReactions, react, unreact } from './commands';

export function reactionRoutes(app: FastifyInstance, ctx: AppContext): void {
  mountRoute(app, ctx, 'react', async ({ auth, params }) => ({ reactions: await react(ctx, auth, params.id, params.messageId, params.emoji) }));
  mountRoute(app, ctx, 'unreact', async ({ auth, params }) => ({ reactions: await unreact(ctx, auth, params.id, params.messageId, params.emoji) }));
  mountRoute(app, ctx, 'listReactions', async ({ auth, params }) => ({ reactions: await listReactions(ctx, auth, params.id, params.messageId) }));
}
