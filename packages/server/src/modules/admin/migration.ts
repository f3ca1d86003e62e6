import type { Kysely, Migration } from 'kysely';

/** Bans and the log of what administrators did. */
export const m0005_security: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('banned_at', 'bigint').execute();
    await db.schema
      .createTable('admin_audit')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target_user_id', 'text', (c) => c.references('users.id'))
      .addColumn('target_id', 'text')
      .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('admin_audit_created').on('admin_audit').columns(['created_at', 'id']).execute();
  },
};
