import { sql } from 'kysely';
import type { Conversation } from '@natter/protocol';
import type { AppContext, Auth } from '../../context';
import type { ConversationRow } from '../../db/schema';
import { AppError, badRequest, isUniqueViolation, notFound } from '../../http/errors';
import { newId } from '../../util/ids';
import { findUserByUsername } from '../accounts/queries';
import { assertMayMessage } from '../friends/policy';
import { accessConversation, accessRoomByName } from './access';
import { presentConversation } from './presenters';
import { dmKey, findRoomByName, isMember, roomNameKey } from './queries';

export const GENERAL_ROOM = 'general';

type Who = Pick<Auth, 'userId' | 'username'>;

/** The public room every account joins at sign-up; created on first start. */
export async function ensureGeneral(ctx: AppContext): Promise<void> {
  const now = ctx.now();
  await ctx.db
    .insertInto('conversations')
    .values({
      id: newId(), kind: 'room', name: GENERAL_ROOM, name_key: GENERAL_ROOM, topic: '', visibility: 'public',
      dm_key: null, last_seq: 0, last_activity_at: now, created_at: now, created_by: null,
    })
    .onConflict((oc) => oc.column('name_key').doNothing())
    .execute();
}

export async function joinGeneral(ctx: AppContext, who: Who): Promise<void> {
  const room = await findRoomByName(ctx.db, GENERAL_ROOM);
  if (room) await addMembership(ctx, room, who, 'member');
}

export async function createRoom(ctx: AppContext, auth: Auth, input: { name: string; topic: string; visibility: 'public' | 'private' }): Promise<Conversation> {
  const now = ctx.now();
  const id = newId();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('conversations')
        .values({
          id, kind: 'room', name: input.name, name_key: roomNameKey(input.name), topic: input.topic.trim(), visibility: input.visibility,
          dm_key: null, last_seq: 0, last_activity_at: now, created_at: now, created_by: auth.userId,
        })
        .execute();
      await trx.insertInto('members').values({ conversation_id: id, user_id: auth.userId, role: 'owner', joined_at: now }).execute();
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('room_name_taken', 'a room with this name already exists');
    throw err;
  }
  const row = await accessConversation(ctx, auth.userId, id);
  return announceJoined(ctx, row, auth);
}

export async function joinRoom(ctx: AppContext, auth: Auth, name: string): Promise<Conversation> {
  const room = await accessRoomByName(ctx, auth.userId, name);
  if (room.role === null) await addMembership(ctx, room, auth, 'member');
  return presentConversation(ctx, await accessConversation(ctx, auth.userId, room.id), auth.userId);
}

export async function leaveConversation(ctx: AppContext, auth: Auth, conversationId: string): Promise<void> {
  const conversation = await accessConversation(ctx, auth.userId, conversationId);
  if (conversation.kind !== 'room') throw badRequest('a direct conversation cannot be left');
  await ctx.db.deleteFrom('members').where('conversation_id', '=', conversationId).where('user_id', '=', auth.userId).execute();
  ctx.bus.publish({
    to: 'conversation', conversationId, leave: [auth.userId],
    frame: { type: 'member_left', conversationId, userId: auth.userId },
  });
}

export async function addMember(ctx: AppContext, auth: Auth, conversationId: string, username: string): Promise<void> {
  const conversation = await accessConversation(ctx, auth.userId, conversationId);
  if (conversation.kind !== 'room') throw badRequest('members cannot be added to a direct conversation');
  const user = await findUserByUsername(ctx.db, username);
  if (!user) throw notFound('user not found');
  if (await isMember(ctx.db, conversationId, user.id)) throw new AppError('already_member', 'this user is already a member');
  await addMembership(ctx, conversation, { userId: user.id, username: user.username }, 'member');
}

/** Finds or creates the one direct conversation between the caller and `username`. */
export async function openDm(ctx: AppContext, auth: Auth, username: string): Promise<Conversation> {
  const peer = await findUserByUsername(ctx.db, username);
  if (!peer) throw notFound('user not found');
  if (peer.id === auth.userId) throw badRequest('you cannot open a direct conversation with yourself');
  await assertMayMessage(ctx, auth.userId, peer.id);
  const key = dmKey(auth.userId, peer.id);
  const existing = await ctx.db.selectFrom('conversations').select('id').where('dm_key', '=', key).executeTakeFirst();
  if (existing) return presentConversation(ctx, await accessConversation(ctx, auth.userId, existing.id), auth.userId);

  const id = newId();
  const now = ctx.now();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('conversations')
        .values({
          id, kind: 'dm', name: null, name_key: null, topic: '', visibility: null,
          dm_key: key, last_seq: 0, last_activity_at: now, created_at: now, created_by: auth.userId,
        })
        .execute();
      await trx
        .insertInto('members')
        .values([
          { conversation_id: id, user_id: auth.userId, role: 'member', joined_at: now },
          { conversation_id: id, user_id: peer.id, role: 'member', joined_at: now },
        ])
        .execute();
    });
  } catch (err) {
    // Both sides opened it at once: the other request created it.
    if (!isUniqueViolation(err)) throw err;
    const winner = await ctx.db.selectFrom('conversations').select('id').where('dm_key', '=', key).executeTakeFirstOrThrow();
    return presentConversation(ctx, await accessConversation(ctx, auth.userId, winner.id), auth.userId);
  }
  const row = await accessConversation(ctx, auth.userId, id);
  ctx.bus.publish({ to: 'conversation', conversationId: id, join: [auth.userId, peer.id] });
  for (const userId of [auth.userId, peer.id]) {
    const conversation = await presentConversation(ctx, row, userId);
    ctx.bus.publish({ to: 'users', userIds: [userId], frame: { type: 'conversation', conversation } });
  }
  return presentConversation(ctx, row, auth.userId);
}

async function addMembership(ctx: AppContext, room: ConversationRow, who: Who, role: 'owner' | 'member'): Promise<void> {
  try {
    await ctx.db
      .insertInto('members')
      .values({
        conversation_id: room.id, user_id: who.userId, role, joined_at: ctx.now(),
        // What was said before you joined is history, not unread mail.
        read_seq: sql<number>`(select last_seq from conversations where id = ${room.id})`,
      })
      .execute();
  } catch (err) {
    if (isUniqueViolation(err)) return;
    throw err;
  }
  await announceJoined(ctx, room, who);
}

async function announceJoined(ctx: AppContext, room: ConversationRow, who: Who): Promise<Conversation> {
  const conversation = await presentConversation(ctx, room, who.userId);
  ctx.bus.publish({
    to: 'conversation', conversationId: room.id, join: [who.userId],
    frame: { type: 'member_joined', conversationId: room.id, user: { id: who.userId, username: who.username } },
  });
  ctx.bus.publish({ to: 'users', userIds: [who.userId], frame: { type: 'conversation', conversation } });
  return conversation;
}
