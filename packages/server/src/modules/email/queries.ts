import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../../db/schema';

/** The active account that verified this address, if any. */
export function verifiedOwner(db: Kysely<Database>, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email)
    .where('email_verified', '=', 1)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Accounts a reset link for this address may go to: verified ones, or any when nothing can be verified. */
export function resettableByEmail(db: Kysely<Database>, email: string, verifiedOnly: boolean): Promise<UserRow[]> {
  let q = db.selectFrom('users').selectAll().where('email', '=', email).where('deleted_at', 'is', null);
  if (verifiedOnly) q = q.where('email_verified', '=', 1);
  return q.execute();
}

export function activeUser(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}
