import type { Kysely } from 'kysely';
import type { Database, EmailTokensTable } from '../../db/schema';
import { AppError } from '../../http/errors';
import { newSecret, sha256 } from '../../util/ids';

type Purpose = EmailTokensTable['purpose'];

export const TOKEN_TTL_MS: Record<Purpose, number> = {
  verify: 24 * 3600 * 1000,
  reset: 30 * 60 * 1000,
};

/** 256 random bits for the link; only the hash is stored. */
export async function issueToken(db: Kysely<Database>, now: number, userId: string, purpose: Purpose, email: string): Promise<string> {
  const token = newSecret();
  await db
    .insertInto('email_tokens')
    .values({ id: sha256(token), user_id: userId, purpose, email, created_at: now, expires_at: now + TOKEN_TTL_MS[purpose], used_at: null })
    .execute();
  return token;
}

/**
 * Marks the token used and returns its row. The conditional update makes two concurrent uses
 * impossible: only one of them changes the row.
 */
export async function consumeToken(db: Kysely<Database>, now: number, token: string, purpose: Purpose) {
  const id = sha256(token);
  const row = await db.selectFrom('email_tokens').selectAll().where('id', '=', id).where('purpose', '=', purpose).executeTakeFirst();
  if (!row || row.used_at !== null) throw invalidToken();
  if (row.expires_at <= now) throw new AppError('token_expired', 'this link has expired: ask for a new one');
  const result = await db.updateTable('email_tokens').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw invalidToken();
  return row;
}

export function invalidToken(): AppError {
  return new AppError('token_invalid', 'this link is not valid or was already used');
}

/** Unused links of one kind stop working (a newer address, a new password). */
export async function revokeTokens(db: Kysely<Database>, now: number, userId: string, purpose: Purpose): Promise<void> {
  await db.updateTable('email_tokens').set({ used_at: now }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
}

/** How many links of this kind went to the user since `since`, and when the newest did. */
export async function recentTokens(db: Kysely<Database>, userId: string, purpose: Purpose, since: number) {
  const row = await db
    .selectFrom('email_tokens')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('newest'), eb.fn.min('created_at').as('oldest')])
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), newest: row.newest === null ? null : Number(row.newest), oldest: row.oldest === null ? null : Number(row.oldest) };
}
