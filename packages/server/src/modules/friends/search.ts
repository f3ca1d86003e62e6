import { FRIEND_SEARCH_MAX_RESULTS, type Relation, type UserSummary } from '@natter/protocol';
import { sql } from 'kysely';
import type { AppContext, Auth } from '../../context';
import { presentUserRef } from '../accounts/presenters';
import { usernameKey } from '../accounts/queries';
import { spend } from './limits';

/** The exact username first, then names starting with `q`; never e-mail addresses or deleted accounts. */
export async function searchUsers(ctx: AppContext, auth: Auth, q: string): Promise<UserSummary[]> {
  await spend(ctx, auth.userId, 'search');
  const key = usernameKey(q.trim());
  const prefix = `${key.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await ctx.db
    .selectFrom('users')
    .select(['id', 'username', 'deleted_at', 'username_key'])
    .where('deleted_at', 'is', null)
    // SQLite has no default LIKE escape character, PostgreSQL's is the backslash: name it for both.
    .where(sql<boolean>`username_key like ${prefix} escape '\\'`)
    .orderBy(sql`case when username_key = ${key} then 0 else 1 end`)
    .orderBy('username_key', 'asc')
    .limit(FRIEND_SEARCH_MAX_RESULTS)
    .execute();
  const relations = await relationsOf(ctx, auth.userId, rows.map((r) => r.id));
  return rows.map((r) => ({ user: presentUserRef(r), relation: relations.get(r.id) ?? 'none' }));
}

async function relationsOf(ctx: AppContext, me: string, ids: string[]): Promise<Map<string, Relation>> {
  const out = new Map<string, Relation>();
  if (ids.length === 0) return out;
  const [friends, sent, received, blocked] = await Promise.all([
    ctx.db.selectFrom('friendships').select('friend_id as id').where('user_id', '=', me).where('friend_id', 'in', ids).execute(),
    ctx.db.selectFrom('friend_requests').select('to_id as id').where('from_id', '=', me).where('to_id', 'in', ids).execute(),
    ctx.db.selectFrom('friend_requests').select('from_id as id').where('to_id', '=', me).where('from_id', 'in', ids).execute(),
    ctx.db.selectFrom('blocks').select('blocked_id as id').where('blocker_id', '=', me).where('blocked_id', 'in', ids).execute(),
  ]);
  for (const r of friends) out.set(r.id, 'friend');
  for (const r of sent) out.set(r.id, 'request_sent');
  for (const r of received) out.set(r.id, 'request_received');
  for (const r of blocked) out.set(r.id, 'blocked');
  if (ids.includes(me)) out.set(me, 'self');
  return out;
}
