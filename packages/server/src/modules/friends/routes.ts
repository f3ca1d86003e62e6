import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { mountRoute } from '../../http/route';
import { blockUser, listBlocked, unblockUser } from './blocks';
import { acceptFriendRequest, cancelFriendRequest, declineFriendRequest, removeFriend, sendFriendRequest } from './commands';
import { presentContact, presentRequest } from './presenters';
import { listFriendRows, requestRows } from './queries';
import { searchUsers } from './search';

export function friendRoutes(app: FastifyInstance, ctx: AppContext): void {
  mountRoute(app, ctx, 'searchUsers', async ({ auth, query }) => ({ users: await searchUsers(ctx, auth, query.q) }));
  mountRoute(app, ctx, 'listFriends', async ({ auth }) => ({
    friends: (await listFriendRows(ctx.db, auth.userId)).map((row) => presentContact(ctx, row)),
  }));
  mountRoute(app, ctx, 'removeFriend', ({ auth, params }) => removeFriend(ctx, auth, params.userId));
  mountRoute(app, ctx, 'listFriendRequests', async ({ auth }) => {
    const rows = await requestRows(ctx.db)
      .where((eb) => eb.or([eb('friend_requests.from_id', '=', auth.userId), eb('friend_requests.to_id', '=', auth.userId)]))
      .orderBy('friend_requests.created_at', 'desc')
      .execute();
    return {
      incoming: rows.filter((r) => r.to_id === auth.userId).map(presentRequest),
      outgoing: rows.filter((r) => r.from_id === auth.userId).map(presentRequest),
    };
  });
  mountRoute(app, ctx, 'sendFriendRequest', ({ auth, body }) => sendFriendRequest(ctx, auth, body));
  mountRoute(app, ctx, 'acceptFriendRequest', ({ auth, params }) => acceptFriendRequest(ctx, auth, params.id));
  mountRoute(app, ctx, 'declineFriendRequest', ({ auth, params }) => declineFriendRequest(ctx, auth, params.id));
  mountRoute(app, ctx, 'cancelFriendRequest', ({ auth, params }) => cancelFriendRequest(ctx, auth, params.id));
  mountRoute(app, ctx, 'listBlocks', async ({ auth }) => ({ users: await listBlocked(ctx, auth) }));
  mountRoute(app, ctx, 'blockUser', ({ auth, params }) => blockUser(ctx, auth, params.userId));
  mountRoute(app, ctx, 'unblockUser', ({ auth, params }) => unblockUser(ctx, auth, params.userId));
}
