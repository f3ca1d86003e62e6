import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Partial indexes (deletions and files are few among messages): the messages deleted since a time,
 * for a socket that was away, and a conversation's messages that carry files, for its file list.
 */
export const m0006_message_indexes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('messages_deleted_at')
      .on('messages')
      .columns(['deleted_at'])
      .where(sql.ref('deleted_at'), 'is not', null)
      .execute();
    await db.schema
      .createIndex('messages_with_files')
      .on('messages')
      .columns(['conversation_id', 'seq'])
      .where(sql.ref('attachments'), 'is not', null)
      .execute();
  },
};
