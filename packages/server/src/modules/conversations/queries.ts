import { type Kysely, sql } from 'kysely';
import type { ConversationRow, Database } from '../../db/schema';

export function roomNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

export function dmKey(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

export function listMemberships(db: Kysely<Database>, userId: string): Promise<ConversationRow[]> {
  return db
    .selectFrom('conversations')
    .innerJoin('members', 'members.conversation_id', 'conversations.id')
    .selectAll('conversations')
    .where('members.user_id', '=', userId)
    .orderBy('conversations.last_activity_at', 'desc')
    .execute();
}

export async function memberCounts(db: Kysely<Database>, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('members')
    .select(['conversation_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('conversation_id', 'in', ids)
    .groupBy('conversation_id')
    .execute();
  return new Map(rows.map((r) => [r.conversation_id, Number(r.n)]));
}

/** The other participant of each direct conversation, seen from `viewerId`. */
export async function dmPeers(db: Kysely<Database>, ids: string[], viewerId: string) {
  if (ids.length === 0) return new Map<string, { id: string; username: string; deleted_at: number | null }>();
  const rows = await db
    .selectFrom('members')
    .innerJoin('users', 'users.id', 'members.user_id')
    .select(['members.conversation_id', 'users.id', 'users.username', 'users.deleted_at'])
    .where('members.conversation_id', 'in', ids)
    .where('members.user_id', '!=', viewerId)
    .execute();
  return new Map(rows.map((r) => [r.conversation_id, r]));
}

export function listMembers(db: Kysely<Database>, conversationId: string) {
  return db
    .selectFrom('members')
    .innerJoin('users', 'users.id', 'members.user_id')
    .select(['users.id', 'users.username', 'users.deleted_at', 'members.role', 'members.joined_at'])
    .where('members.conversation_id', '=', conversationId)
    .orderBy('members.joined_at', 'asc')
    .execute();
}

export async function memberIds(db: Kysely<Database>, conversationId: string): Promise<string[]> {
  const rows = await db.selectFrom('members').select('user_id').where('conversation_id', '=', conversationId).execute();
  return rows.map((r) => r.user_id);
}

export async function isMember(db: Kysely<Database>, conversationId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('members')
    .select('user_id')
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export function findRoomByName(db: Kysely<Database>, name: string) {
  return db.selectFrom('conversations').selectAll().where('name_key', '=', roomNameKey(name)).executeTakeFirst();
}

export function listPublicRooms(db: Kysely<Database>, userId: string, q: string | undefined) {
  let query = db
    .selectFrom('conversations')
    .leftJoin('members as mine', (join) => join.onRef('mine.conversation_id', '=', 'conversations.id').on('mine.user_id', '=', userId))
    .select(['conversations.id', 'conversations.name', 'conversations.topic', 'mine.user_id as mine'])
    .where('conversations.kind', '=', 'room')
    .where('conversations.visibility', '=', 'public');
  if (q) {
    const prefix = `${roomNameKey(q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // SQLite has no default LIKE escape character, PostgreSQL's is the backslash: name it for both.
    query = query.where(sql<boolean>`conversations.name_key like ${prefix} escape '\\'`);
  }
  return query.orderBy('conversations.last_activity_at', 'desc').limit(100).execute();
}
