import { type Kysely, type Migration, PostgresAdapter, sql } from 'kysely';
import type { Database } from '../../db/schema';
import { rebuildSearchIndex } from './index-writer';

/**
 * The message search index (ADR 0011). search_docs holds one row per message not deleted, in the
 * order they were indexed (doc_id), with what the filters need. The tokens are kept by a contentless
 * FTS5 table on SQLite and a GIN-indexed tsvector on PostgreSQL; the application makes the tokens
 * (modules/search/tokens.ts), so neither dialect's own word splitting is involved.
 * Existing messages are indexed here, in batches, with progress on stderr for big databases.
 */
/** Below this many messages the migration takes seconds and says nothing. */
const BIG_DATABASE = 20_000;

export const m0008_search: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema
      .createTable('search_docs')
      .addColumn('doc_id', postgres ? 'bigserial' : 'integer', (c) => c.primaryKey())
      .addColumn('message_id', 'text', (c) => c.notNull().unique().references('messages.id').onDelete('cascade'))
      .addColumn('conversation_id', 'text', (c) => c.notNull())
      .addColumn('sender_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('flags', 'integer', (c) => c.notNull().defaultTo(0))
      .$call((t) => (postgres ? t.addColumn('tokens', sql`tsvector`, (c) => c.notNull()) : t))
      .execute();
    // Searching one conversation (`in:`) walks its documents newest first.
    await db.schema.createIndex('search_docs_conversation').on('search_docs').columns(['conversation_id', 'doc_id']).execute();
    if (postgres) {
      await sql`create index search_docs_tokens on search_docs using gin (tokens)`.execute(db);
    } else {
      await sql`create virtual table search_fts using fts5(tokens, content='', contentless_delete=1, detail=none, tokenize='ascii')`.execute(db);
    }
    await rebuildSearchIndex(db as Kysely<Database>, postgres ? 'postgres' : 'sqlite', (line, total) => {
      if (total >= BIG_DATABASE) process.stderr.write(`${line}\n`);
    });
  },
};
