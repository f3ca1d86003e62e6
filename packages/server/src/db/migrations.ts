import { type Kysely, type Migration, Migrator } from 'kysely';
import { m0004_files } from '../modules/files/migration';
import { m0005_security } from '../modules/admin/migration';
import { m0006_message_indexes } from '../modules/messages/migration';
import { m0007_message_changes } from '../modules/changes/migration';
import { m0008_search } from '../modules/search/migration';
import { m0009_jobs } from '../modules/jobs/migration';
import { m0009_missed_mail } from '../modules/missed-mail/migration';
import { m0003_email } from './migration-0003-email';

/* One set of migrations for SQLite and PostgreSQL: only types and statements both understand. */

const m0001_core: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('username_key', 'text', (c) => c.unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('deleted_at', 'bigint')
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

    await db.schema
      .createTable('conversations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('name_key', 'text', (c) => c.unique())
      .addColumn('topic', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('visibility', 'text')
      .addColumn('dm_key', 'text', (c) => c.unique())
      .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .execute();

    await db.schema
      .createTable('members')
      .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('joined_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('members_pk', ['conversation_id', 'user_id'])
      .execute();
    await db.schema.createIndex('members_user').on('members').column('user_id').execute();

    await db.schema
      .createTable('messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('sender_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('client_msg_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('messages_conversation_seq')
      .unique()
      .on('messages')
      .columns(['conversation_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('messages_sender_client_id')
      .unique()
      .on('messages')
      .columns(['sender_id', 'client_msg_id'])
      .execute();
  },
};

const m0002_social: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('last_seen_at', 'bigint').execute();
    await db.schema.alterTable('users').addColumn('only_friends_dm', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.alterTable('users').addColumn('read_receipts', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.alterTable('members').addColumn('read_seq', 'bigint', (c) => c.notNull().defaultTo(0)).execute();

    // Stored once per direction, so "my friends" is a plain lookup by user_id.
    await db.schema
      .createTable('friendships')
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('friend_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('friendships_pk', ['user_id', 'friend_id'])
      .execute();

    await db.schema
      .createTable('friend_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('from_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('to_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('friend_requests_pair').unique().on('friend_requests').columns(['from_id', 'to_id']).execute();
    await db.schema.createIndex('friend_requests_to').on('friend_requests').column('to_id').execute();

    await db.schema
      .createTable('blocks')
      .addColumn('blocker_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('blocked_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('blocks_pk', ['blocker_id', 'blocked_id'])
      .execute();
    await db.schema.createIndex('blocks_blocked').on('blocks').column('blocked_id').execute();
  },
};

/** Ordered by name; append new ones, never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '0001_core': m0001_core,
  '0004_files': m0004_files,
  '0002_social': m0002_social,
  '0003_email': m0003_email,
  '0005_security': m0005_security,
  '0006_message_indexes': m0006_message_indexes,
  '0007_message_changes': m0007_message_changes,
  '0008_search': m0008_search,
  '0009_jobs': m0009_jobs,
  '0009_missed_mail': m0009_missed_mail,
};

/** A migration failed; every pending one was rolled back with it. */
export class MigrationError extends Error {
  constructor(
    readonly migrationName: string | undefined,
    readonly pending: string[],
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `database migration ${migrationName ?? '(setup)'} failed: ${why}. ` +
        `None of the pending migrations (${pending.join(', ') || 'none'}) was applied: the database is as it was before this start. ` +
        'Fix the cause (or restore the backup) and start again.',
      { cause },
    );
    this.name = 'MigrationError';
  }
}

/**
 * Runs every pending migration in one transaction on both dialects (SQLite through
 * `TransactionalSqliteDialect`): either all of them are applied or none is (ADR 0010).
 * `list` is for tests; the server always runs `migrations`.
 */
export async function migrateToLatest(db: Kysely<unknown>, list: Record<string, Migration> = migrations): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => list } });
  const pending = (await migrator.getMigrations().catch(() => [])).filter((m) => m.executedAt === undefined).map((m) => m.name);
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new MigrationError(failed?.migrationName, pending, error);
  return (results ?? []).map((r) => r.migrationName);
}
