import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Db = Kysely<Database>;

export async function areFriends(db: Db, a: string, b: string): Promise<boolean> {
  const row = await db.selectFrom('friendships').select('user_id').where('user_id', '=', a).where('friend_id', '=', b).executeTakeFirst();
  return row !== undefined;
}

export async function friendIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('friendships').select('friend_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.friend_id);
}

export function listFriendRows(db: Db, userId: string) {
  return db
    .selectFrom('friendships')
    .innerJoin('users', 'users.id', 'friendships.friend_id')
    .select(['users.id', 'users.username', 'users.deleted_at', 'users.last_seen_at', 'friendships.created_at as since'])
    .where('friendships.user_id', '=', userId)
    .where('users.deleted_at', 'is', null)
    .orderBy('users.username_key', 'asc')
    .execute();
}

export type FriendRow = Awaited<ReturnType<typeof listFriendRows>>[number];

export function friendRow(db: Db, userId: string, friendId: string): Promise<FriendRow | undefined> {
  return db
    .selectFrom('friendships')
    .innerJoin('users', 'users.id', 'friendships.friend_id')
    .select(['users.id', 'users.username', 'users.deleted_at', 'users.last_seen_at', 'friendships.created_at as since'])
    .where('friendships.user_id', '=', userId)
    .where('friendships.friend_id', '=', friendId)
    .executeTakeFirst();
}

/** A request with both ends' names, as every answer and event shows it. */
export function requestRows(db: Db) {
  return db
    .selectFrom('friend_requests')
    .innerJoin('users as sender', 'sender.id', 'friend_requests.from_id')
    .innerJoin('users as recipient', 'recipient.id', 'friend_requests.to_id')
    .select([
      'friend_requests.id', 'friend_requests.from_id', 'friend_requests.to_id', 'friend_requests.message', 'friend_requests.created_at',
      'sender.username as from_username', 'sender.deleted_at as from_deleted_at',
      'recipient.username as to_username', 'recipient.deleted_at as to_deleted_at',
    ]);
}

export type RequestRow = Awaited<ReturnType<ReturnType<typeof requestRows>['execute']>>[number];

export function findRequest(db: Db, id: string): Promise<RequestRow | undefined> {
  return requestRows(db).where('friend_requests.id', '=', id).executeTakeFirst();
}

export function findRequestBetween(db: Db, fromId: string, toId: string): Promise<RequestRow | undefined> {
  return requestRows(db).where('friend_requests.from_id', '=', fromId).where('friend_requests.to_id', '=', toId).executeTakeFirst();
}

export async function hasBlocked(db: Db, blockerId: string, blockedId: string): Promise<boolean> {
  const row = await db.selectFrom('blocks').select('blocker_id').where('blocker_id', '=', blockerId).where('blocked_id', '=', blockedId).executeTakeFirst();
  return row !== undefined;
}

/** Everyone `userId` blocked or was blocked by: neither side sees the other's presence or typing. */
export async function blockedEitherWay(db: Db, userId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('blocks')
    .select(['blocker_id', 'blocked_id'])
    .where((eb) => eb.or([eb('blocker_id', '=', userId), eb('blocked_id', '=', userId)]))
    .execute();
  return new Set(rows.map((r) => (r.blocker_id === userId ? r.blocked_id : r.blocker_id)));
}
