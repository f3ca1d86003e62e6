import { type Kysely, type Migration, sql } from 'kysely';

/** Addresses, the mail language, and the hashed single-use tokens of emailed links. */
export const m0003_email: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('email', 'text').execute();
    await db.schema.alterTable('users').addColumn('email_verified', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('users').addColumn('pending_email', 'text').execute();
    await db.schema.alterTable('users').addColumn('language', 'text', (c) => c.notNull().defaultTo('en')).execute();
    // Only a verified address is unique: an unverified claim must not lock the owner out of it.
    await db.schema
      .createIndex('users_verified_email')
      .unique()
      .on('users')
      .column('email')
      .where(sql.ref('email_verified'), '=', 1)
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();
    await db.schema.createIndex('users_email').on('users').column('email').execute();

    await db.schema
      .createTable('email_tokens')
      // SHA-256 of the token in the link: the table alone opens nothing.
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
    await db.schema.createIndex('email_tokens_user').on('email_tokens').columns(['user_id', 'purpose', 'created_at']).execute();
  },
};
