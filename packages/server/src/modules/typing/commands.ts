import { TYPING_THROTTLE_MS } from '@natter/protocol';
import type { AppContext, Auth } from '../../context';
import { accessConversation } from '../conversations/access';
import { memberIds } from '../conversations/queries';
import { blockedEitherWay } from '../friends/queries';

/** One relay per period per (user, conversation), counted by ctx.rateLimiter so every node of a cluster shares it. */
async function throttled(ctx: AppContext, key: string): Promise<boolean> {
  return !(await ctx.rateLimiter.take(`typing:${key}`, { capacity: 1, perMs: TYPING_THROTTLE_MS })).ok;
}

/**
 * Relays "typing" to the other members, at most once per throttle period per user and conversation
 * (extra signals are dropped silently), and never to someone the typer blocked or was blocked by.
 */
export async function relayTyping(ctx: AppContext, auth: Auth, conversationId: string): Promise<void> {
  if (await throttled(ctx, `${auth.userId}:${conversationId}`)) return;
  await accessConversation(ctx, auth.userId, conversationId);
  const [members, blocked] = await Promise.all([memberIds(ctx.db, conversationId), blockedEitherWay(ctx.db, auth.userId)]);
  const userIds = members.filter((id) => id !== auth.userId && !blocked.has(id));
  if (userIds.length === 0) return;
  ctx.bus.publish({
    to: 'users',
    userIds,
    frame: { type: 'typing', conversationId, user: { id: auth.userId, username: auth.username } },
  });
}
