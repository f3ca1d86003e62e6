import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema';
import { usernameKey } from '../accounts/queries';

const USERS_PAGE = 50;

/** Deleted accounts have no name left: they show up only without a query. */
export function findUsers(db: Kysely<Database>, q: string | undefined) {
  let query = db.selectFrom('users').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(USERS_PAGE);
  const key = q ? usernameKey(q.trim()) : '';
  // Same escaping as the friend search: SQLite has no default LIKE escape character.
  if (key) query = query.where(sql<boolean>`username_key like ${`${key.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`);
  return query.execute();
}

export function auditPage(db: Kysely<Database>, before: { created_at: number; id: string } | undefined, limit: number) {
  let q = db
    .selectFrom('admin_audit')
    .innerJoin('users as actor', 'actor.id', 'admin_audit.actor_id')
    .leftJoin('users as target', 'target.id', 'admin_audit.target_user_id')
    .selectAll('admin_audit')
    .select(['actor.username as actor_username', 'actor.deleted_at as actor_deleted_at', 'target.username as target_username', 'target.deleted_at as target_deleted_at']);
  if (before) {
    q = q.where((eb) => eb.or([
      eb('admin_audit.created_at', '<', before.created_at),
      eb.and([eb('admin_audit.created_at', '=', before.created_at), eb('admin_audit.id', '<', before.id)]),
    ]));
  }
  return q.orderBy('admin_audit.created_at', 'desc').orderBy('admin_audit.id', 'desc').limit(limit + 1).execute();
}

export type AuditRow = Awaited<ReturnType<typeof auditPage>>[number];
