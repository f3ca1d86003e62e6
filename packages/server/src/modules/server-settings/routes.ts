import { MENTIONS_MAX, REACTIONS_MAX_PER_MESSAGE, REACTIONS_MAX_PER_USER } from '@natter/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { mountRoute } from '../../http/route';
import { readServerSetting, readServerSettings, updateServerSettings } from './settings';

export function serverSettingsRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Marked admin in the protocol table: mountRoute refuses everyone else.
  mountRoute(app, ctx, 'getServerSettings', async () => ({ settings: await readServerSettings(ctx.db) }));
  mountRoute(app, ctx, 'updateServerSettings', async ({ auth, body }) => ({ settings: await updateServerSettings(ctx, auth, body) }));
  mountRoute(app, ctx, 'limits', async () => ({
    editWindowMinutes: await readServerSetting(ctx.db, 'editWindowMinutes'),
    reactionsPerMessage: REACTIONS_MAX_PER_MESSAGE,
    reactionsPerUser: REACTIONS_MAX_PER_USER,
    mentionsPerMessage: MENTIONS_MAX,
  }));
}
