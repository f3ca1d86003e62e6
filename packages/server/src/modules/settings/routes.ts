import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { mountRoute } from '../../http/route';
import { updateSettings } from './commands';
import { loadSettings } from './queries';

export function settingsRoutes(app: FastifyInstance, ctx: AppContext): void {
  mountRoute(app, ctx, 'getSettings', async ({ auth }) => ({ settings: await loadSettings(ctx, auth.userId) }));
  mountRoute(app, ctx, 'updateSettings', async ({ auth, body }) => ({ settings: await updateSettings(ctx, auth, body) }));
}
