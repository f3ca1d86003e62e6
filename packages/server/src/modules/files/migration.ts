import type { Kysely, Migration } from 'kysely';

/** Uploaded files, the messages that carry them, and message deletion. */
export const m0004_files: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
      .addColumn('uploader_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('storage_key', 'text', (c) => c.notNull().unique())
      .addColumn('thumbnail_key', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('files_uploader').on('files').column('uploader_id').execute();

    await db.schema
      .createTable('message_attachments')
      .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
      .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('message_attachments_pk', ['message_id', 'file_id'])
      .execute();
    await db.schema.createIndex('message_attachments_file').on('message_attachments').column('file_id').execute();

    await db.schema.alterTable('messages').addColumn('deleted_at', 'bigint').execute();
    await db.schema.alterTable('messages').addColumn('attachments', 'text').execute();
  },
};
