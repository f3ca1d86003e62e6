import { type Kysely, type Migration, sql } from 'kysely';

/** Finding the messages deleted since a time, for a socket that was away; deletions are few, so the index is partial. */
export const m0006_deleted_messages: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('messages_deleted_at')
      .on('messages')
      .columns(['deleted_at'])
      .where(sql.ref('deleted_at'), 'is not', null)
      .execute();
  },
};
