import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The per-conversation change log (edits, deletions, reactions, pins) and what those changes act
 * on: earlier versions of edited messages, reactions, mentions, moderators and server settings.
 */
export const m0007_message_changes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('conversations').addColumn('last_change_seq', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
    for (const [name, type] of [
      ['edited_at', 'bigint'], ['reply_to_id', 'text'], ['reactions', 'text'], ['mentions', 'text'],
      ['pinned_at', 'bigint'], ['pinned_by', 'text'], ['forwarded_from', 'text'],
    ] as const) {
      await db.schema.alterTable('messages').addColumn(name, type).execute();
    }
    await db.schema.alterTable('messages').addColumn('change_seq', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('messages').addColumn('mentions_room', 'integer', (c) => c.notNull().defaultTo(0)).execute();

    await db.schema
      .createTable('message_changes')
      .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
      .addColumn('change_seq', 'bigint', (c) => c.notNull())
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('message_changes_pk', ['conversation_id', 'change_seq'])
      .execute();
    // Protocol-1 clients ask for the deletions since a time.
    await db.schema
      .createIndex('message_changes_deletions')
      .on('message_changes')
      .columns(['created_at'])
      .where(sql.ref('kind'), '=', 'delete')
      .execute();
    // Deletions are now found through the log.
    await db.schema.dropIndex('messages_deleted_at').execute();

    await db.schema
      .createTable('message_edits')
      .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('written_at', 'bigint', (c) => c.notNull())
      .addColumn('replaced_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('message_edits_pk', ['message_id', 'version'])
      .execute();

    await db.schema
      .createTable('message_reactions')
      .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
      .addColumn('emoji', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('message_reactions_pk', ['message_id', 'emoji', 'user_id'])
      .execute();

    // One row per member mentioned by id; @room is the message's flag (no row per member of a big room).
    await db.schema
      .createTable('message_mentions')
      .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('message_mentions_pk', ['conversation_id', 'user_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('messages_room_mentions')
      .on('messages')
      .columns(['conversation_id', 'seq'])
      .where(sql.ref('mentions_room'), '=', 1)
      .execute();
    await db.schema
      .createIndex('messages_pinned')
      .on('messages')
      .columns(['conversation_id', 'pinned_at'])
      .where(sql.ref('pinned_at'), 'is not', null)
      .execute();

    await db.schema
      .createTable('server_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .execute();
  },
};
