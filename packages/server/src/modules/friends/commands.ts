import type { Contact, Conversation, FriendRequest } from '@natter/protocol';
import type { AppContext, Auth } from '../../context';
import { AppError, isUniqueViolation, notFound } from '../../http/errors';
import { newId } from '../../util/ids';
import { findUserByUsername } from '../accounts/queries';
import { openDm } from '../conversations/commands';
import { spend } from './limits';
import { notAccepting, youBlocked } from './policy';
import { presentContact, presentRequest } from './presenters';
import { areFriends, findRequest, findRequestBetween, friendRow, hasBlocked, type RequestRow } from './queries';

export type SendResult =
  | { state: 'pending'; request: FriendRequest }
  | { state: 'friends'; friend: Contact; conversation: Conversation };

export async function sendFriendRequest(ctx: AppContext, auth: Auth, input: { username: string; message: string }): Promise<SendResult> {
  await spend(ctx, auth.userId, 'request');
  const target = await findUserByUsername(ctx.db, input.username);
  if (!target || target.deleted_at !== null) throw notFound('user not found');
  if (target.id === auth.userId) throw new AppError('cannot_target_self', 'you cannot send a friend request to yourself');
  if (await hasBlocked(ctx.db, auth.userId, target.id)) throw youBlocked();
  if (await hasBlocked(ctx.db, target.id, auth.userId)) throw notAccepting('requests');
  if (await areFriends(ctx.db, auth.userId, target.id)) throw new AppError('already_friends', 'you are already friends');
  if (await findRequestBetween(ctx.db, auth.userId, target.id)) throw requestPending();
  const crossing = await findRequestBetween(ctx.db, target.id, auth.userId);
  if (crossing) return { state: 'friends', ...(await becomeFriends(ctx, auth, crossing)) };

  const id = newId();
  try {
    await ctx.db
      .insertInto('friend_requests')
      .values({ id, from_id: auth.userId, to_id: target.id, message: input.message, created_at: ctx.now() })
      .execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw requestPending();
    throw err;
  }
  const request = presentRequest((await findRequest(ctx.db, id)) as RequestRow);
  ctx.bus.publish({ to: 'users', userIds: [target.id, auth.userId], frame: { type: 'friend_request', request } });
  return { state: 'pending', request };
}

export async function acceptFriendRequest(ctx: AppContext, auth: Auth, requestId: string) {
  const request = await requestAddressedTo(ctx, auth, requestId);
  return becomeFriends(ctx, auth, request);
}

export async function declineFriendRequest(ctx: AppContext, auth: Auth, requestId: string): Promise<void> {
  const request = await requestAddressedTo(ctx, auth, requestId);
  await closeRequest(ctx, request, 'declined');
}

export async function cancelFriendRequest(ctx: AppContext, auth: Auth, requestId: string): Promise<void> {
  const request = await findRequest(ctx.db, requestId);
  if (!request || (request.from_id !== auth.userId && request.to_id !== auth.userId)) throw requestNotFound();
  if (request.from_id !== auth.userId) throw new AppError('forbidden', 'only the sender can cancel a request; decline it instead');
  await closeRequest(ctx, request, 'cancelled');
}

export async function removeFriend(ctx: AppContext, auth: Auth, friendId: string): Promise<void> {
  if (!(await areFriends(ctx.db, auth.userId, friendId))) throw new AppError('not_friends', 'this user is not your friend');
  await unfriend(ctx, auth.userId, friendId);
}

/** Ends a friendship in both directions and tells both sides; no-op when there was none. */
export async function unfriend(ctx: AppContext, a: string, b: string): Promise<boolean> {
  const removed = await ctx.db
    .deleteFrom('friendships')
    .where((eb) => eb.or([eb.and([eb('user_id', '=', a), eb('friend_id', '=', b)]), eb.and([eb('user_id', '=', b), eb('friend_id', '=', a)])]))
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) return false;
  ctx.bus.publish({ to: 'users', userIds: [a], frame: { type: 'friend_removed', userId: b } });
  ctx.bus.publish({ to: 'users', userIds: [b], frame: { type: 'friend_removed', userId: a } });
  return true;
}

/** Drops every pending request between two users, telling both sides. */
export async function dropRequestsBetween(ctx: AppContext, a: string, b: string): Promise<void> {
  for (const [from, to] of [[a, b], [b, a]] as const) {
    const request = await findRequestBetween(ctx.db, from, to);
    if (request) await closeRequest(ctx, request, 'gone');
  }
}

async function requestAddressedTo(ctx: AppContext, auth: Auth, requestId: string): Promise<RequestRow> {
  const request = await findRequest(ctx.db, requestId);
  if (!request || (request.from_id !== auth.userId && request.to_id !== auth.userId)) throw requestNotFound();
  if (request.to_id !== auth.userId) throw new AppError('not_request_recipient', 'this request is not addressed to you');
  return request;
}

async function closeRequest(ctx: AppContext, request: RequestRow, reason: 'accepted' | 'declined' | 'cancelled' | 'gone'): Promise<void> {
  const deleted = await ctx.db.deleteFrom('friend_requests').where('id', '=', request.id).executeTakeFirst();
  // Someone else acted on it first (a double click, another device): it no longer exists.
  if (Number(deleted.numDeletedRows) === 0 && reason !== 'gone') throw requestNotFound();
  ctx.bus.publish({ to: 'users', userIds: [request.from_id, request.to_id], frame: { type: 'friend_request_closed', requestId: request.id, reason } });
}

/** `auth` accepts `request` (addressed to them): both become friends and get their direct conversation. */
async function becomeFriends(ctx: AppContext, auth: Auth, request: RequestRow): Promise<{ friend: Contact; conversation: Conversation }> {
  const otherId = request.from_id;
  await closeRequest(ctx, request, 'accepted');
  const now = ctx.now();
  await ctx.db
    .insertInto('friendships')
    .values([
      { user_id: auth.userId, friend_id: otherId, created_at: now },
      { user_id: otherId, friend_id: auth.userId, created_at: now },
    ])
    .onConflict((oc) => oc.columns(['user_id', 'friend_id']).doNothing())
    .execute();
  const mine = await friendRow(ctx.db, auth.userId, otherId);
  const theirs = await friendRow(ctx.db, otherId, auth.userId);
  if (!mine || !theirs) throw requestNotFound();
  const friend = presentContact(ctx, mine);
  ctx.bus.publish({ to: 'users', userIds: [auth.userId], frame: { type: 'friend_added', friend } });
  ctx.bus.publish({ to: 'users', userIds: [otherId], frame: { type: 'friend_added', friend: presentContact(ctx, theirs) } });
  const conversation = await openDm(ctx, auth, request.from_username);
  return { friend, conversation };
}

function requestPending(): AppError {
  return new AppError('request_pending', 'you already asked this user; wait for an answer');
}

function requestNotFound(): AppError {
  return new AppError('request_not_found', 'this friend request no longer exists');
}
