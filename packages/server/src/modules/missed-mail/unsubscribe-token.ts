import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

const SECRET_KEY = 'mail_link_secret';
const secrets = new WeakMap<Kysely<Database>, Promise<Buffer>>();

/**
 * The key that signs unsubscribe links: made once, kept in the database so every node (and the next
 * release) checks the same signatures. It is not one of the settings administrators see.
 */
function secret(db: Kysely<Database>): Promise<Buffer> {
  let s = secrets.get(db);
  if (!s) {
    s = (async () => {
      await db
        .insertInto('server_settings')
        .values({ key: SECRET_KEY, value: JSON.stringify(randomBytes(32).toString('base64url')), updated_at: Date.now(), updated_by: null })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      const row = await db.selectFrom('server_settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirstOrThrow();
      return Buffer.from(JSON.parse(row.value) as string, 'base64url');
    })();
    s.catch(() => secrets.delete(db));
    secrets.set(db, s);
  }
  return s;
}

function sign(key: Buffer, userId: string): string {
  return createHmac('sha256', key).update(`unsubscribe:missed-mail:${userId}`).digest('base64url');
}

/** `userId.signature`: it names the account it unsubscribes and only this server can make one. */
export async function unsubscribeToken(db: Kysely<Database>, userId: string): Promise<string> {
  return `${userId}.${sign(await secret(db), userId)}`;
}

/** The user the token was made for, or null for anything forged, truncated or malformed. */
export async function userFromUnsubscribeToken(db: Kysely<Database>, token: string): Promise<string | null> {
  const m = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m?.[1] || !m[2]) return null;
  const expected = Buffer.from(sign(await secret(db), m[1]));
  const given = Buffer.from(m[2]);
  return given.length === expected.length && timingSafeEqual(given, expected) ? m[1] : null;
}
