import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type MigrationProvider, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../src/db/migrations';
import type { Database } from '../src/db/schema';
import { matchingDocs } from '../src/modules/search/queries';
import { textQuery } from '../src/modules/search/tokens';
import { dialectsUnderTest } from './helpers/databases';

const dialects = await dialectsUnderTest();
const provider: MigrationProvider = { getMigrations: async () => migrations };

describe.each(dialects)('the search migration on $name', (dialect) => {
  afterAll(() => dialect.dropAll());

  it('indexes the messages an existing database already holds, deleted ones left out', async () => {
    const url = await dialect.create();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'natter-search-')), 'db.sqlite');
    const db = new Kysely<Database>({
      dialect: url ? new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) : new SqliteDialect({ database: new SQLite(file) }),
    });
    try {
      const migrator = new Migrator({ db, provider });
      expect((await migrator.migrateTo('0007_message_changes')).error).toBeUndefined();
      await db.insertInto('users').values({ id: 'u1', username: 'ana', username_key: 'ana', password_hash: 'x', is_admin: 0, created_at: 1, deleted_at: null, email: null, pending_email: null, last_seen_at: null, banned_at: null }).execute();
      await db.insertInto('conversations').values({ id: 'c1', kind: 'room', name: 'r', name_key: 'r', topic: '', visibility: 'public', dm_key: null, last_seq: 3, last_activity_at: 1, created_at: 1, created_by: 'u1' }).execute();
      const message = (seq: number, body: string, deleted: number | null = null) => ({
        id: `m${seq}`, conversation_id: 'c1', seq, sender_id: 'u1', body, client_msg_id: `c${seq}`, created_at: 1000 + seq, deleted_at: deleted, attachments: null,
      });
      await db.insertInto('messages').values([message(1, '我家在上海东边。'), message(2, 'hello there'), message(3, '', 5000)]).execute();
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const dia = url ? 'postgres' : 'sqlite';
      expect(await matchingDocs(db, dia, textQuery('上海').terms, Number.MAX_SAFE_INTEGER, 10)).toHaveLength(1);
      expect(await matchingDocs(db, dia, textQuery('hell').terms, Number.MAX_SAFE_INTEGER, 10)).toHaveLength(1);
      const docs = await db.selectFrom('search_docs').select(['message_id', 'doc_id']).orderBy('doc_id').execute();
      expect(docs.map((d) => d.message_id)).toEqual(['m1', 'm2']);
    } finally {
      await db.destroy();
    }
  });
});
