import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { mountRoute } from '../../http/route';
import { setMemberRole } from './roles';
import { onlineContacts } from '../presence/queries';
import { blockedEitherWay } from '../friends/queries';
import { presentUserRef } from '../accounts/presenters';
import { accessConversation, accessRoomByName } from './access';
import { addMember, createRoom, joinRoom, leaveConversation, openDm } from './commands';
import { presentConversation, presentConversations } from './presenters';
import { listMembers, listMemberships, listPublicRooms, memberCounts } from './queries';

export function conversationRoutes(app: FastifyInstance, ctx: AppContext): void {
  mountRoute(app, ctx, 'setMemberRole', ({ auth, params, body }) => setMemberRole(ctx, auth, params.id, params.userId, body.role));
  mountRoute(app, ctx, 'listConversations', async ({ auth }) => ({
    conversations: await presentConversations(ctx, await listMemberships(ctx.db, auth.userId), auth.userId),
  }));
  mountRoute(app, ctx, 'getConversation', async ({ auth, params }) => ({
    conversation: await presentConversation(ctx, await accessConversation(ctx, auth.userId, params.id), auth.userId),
  }));
  mountRoute(app, ctx, 'leaveConversation', ({ auth, params }) => leaveConversation(ctx, auth, params.id));
  mountRoute(app, ctx, 'addMember', ({ auth, params, body }) => addMember(ctx, auth, params.id, body.username));
  mountRoute(app, ctx, 'createRoom', async ({ auth, body }) => ({ conversation: await createRoom(ctx, auth, body) }));
  mountRoute(app, ctx, 'joinRoom', async ({ auth, params }) => ({ conversation: await joinRoom(ctx, auth, params.name) }));
  mountRoute(app, ctx, 'openDm', async ({ auth, body }) => ({ conversation: await openDm(ctx, auth, body.username) }));
  mountRoute(app, ctx, 'listPublicRooms', async ({ auth, query }) => {
    const rows = await listPublicRooms(ctx.db, auth.userId, query.q);
    const counts = await memberCounts(ctx.db, rows.map((r) => r.id));
    return {
      rooms: rows.map((r) => ({ id: r.id, name: r.name ?? '', topic: r.topic, memberCount: counts.get(r.id) ?? 0, joined: r.mine !== null })),
    };
  });
  mountRoute(app, ctx, 'getRoomInfo', async ({ auth, params }) => {
    const room = await accessRoomByName(ctx, auth.userId, params.name);
    const members = await listMembers(ctx.db, room.id);
    const conversation = await presentConversation(ctx, room, auth.userId);
    // Across a block neither side sees the other come and go.
    const blocked = await blockedEitherWay(ctx.db, auth.userId);
    const shown = members.map((m) => ({
      user: presentUserRef(m), role: m.role, online: !blocked.has(m.id) && ctx.presence.isOnline(m.id), joinedAt: m.joined_at,
    }));
    return { conversation, members: shown, onlineCount: shown.filter((m) => m.online).length };
  });
  mountRoute(app, ctx, 'onlineUsers', async ({ auth }) => ({ users: await onlineContacts(ctx, auth.userId) }));
}
