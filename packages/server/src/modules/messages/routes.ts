import type { FastifyInstance } from 'fastify';
import type { AppContext, Auth } from '../../context';
import { notFound } from '../../http/errors';
import { mountRoute } from '../../http/route';
import { accessConversation, accessRoomByName } from '../conversations/access';
import { GENERAL_ROOM } from '../conversations/commands';
import { sendMessage } from './commands';
import { deleteMessage } from './delete';
import { editMessage, messageEdits } from './edit';
import { presentMessage } from './presenters';
import { historyAround, historyPage } from './queries';

export function messageRoutes(app: FastifyInstance, ctx: AppContext): void {
  mountRoute(app, ctx, 'getHistory', async ({ auth, params, query }) => {
    await accessConversation(ctx, auth.userId, params.id);
    if (query.around !== undefined) {
      const page = await historyAround(ctx.db, params.id, query.around, query.limit);
      return { messages: page.rows.map(presentMessage), hasMore: page.hasMore, hasMoreAfter: page.hasMoreAfter };
    }
    return history(ctx, params.id, query.before, query.limit);
  });
  mountRoute(app, ctx, 'sendMessage', async ({ auth, params, body }) => ({
    message: await sendMessage(ctx, auth, { ...body, conversationId: params.id }),
  }));
  mountRoute(app, ctx, 'editMessage', async ({ auth, params, body }) => ({ message: await editMessage(ctx, auth, params.id, params.messageId, body.body) }));
  mountRoute(app, ctx, 'messageEdits', async ({ auth, params }) => ({ edits: await messageEdits(ctx, auth, params.id, params.messageId) }));
  mountRoute(app, ctx, 'deleteMessage', async ({ auth, params }) => deleteMessage(ctx, auth, params.id, params.messageId));
  mountRoute(app, ctx, 'latestMessages', async ({ auth, query }) => {
    const room = await roomForLatest(ctx, auth, query.room ?? GENERAL_ROOM);
    return history(ctx, room, undefined, query.limit);
  });
}

async function roomForLatest(ctx: AppContext, auth: Auth, name: string): Promise<string> {
  const room = await accessRoomByName(ctx, auth.userId, name);
  // Reading a room's messages takes membership, public or not.
  if (room.role === null) throw notFound('room not found');
  return room.id;
}

async function history(ctx: AppContext, conversationId: string, before: number | undefined, limit: number) {
  const rows = await historyPage(ctx.db, conversationId, before, limit);
  const hasMore = rows.length > limit;
  return { messages: rows.slice(0, limit).reverse().map(presentMessage), hasMore };
}
