import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type Migration, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { TransactionalSqliteDialect } from '../src/db/database';
import { MigrationError, migrateToLatest, migrations } from '../src/db/migrations';
import { dialectsUnderTest } from './helpers/databases';

/*
 * Every pending migration runs in one transaction: a failure leaves the database exactly as it was
 * (schema and rows), the error names the migration, and the server exits non-zero (ADR 0010).
 */

const dialects = await dialectsUnderTest();
const SERVER_DIR = path.resolve(import.meta.dirname, '..');
const names = Object.keys(migrations).sort();
/** The migrations of an older release: everything before the change log. */
const OLD = Object.fromEntries(names.filter((n) => n < '0006').map((n) => [n, migrations[n]!]));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

interface Target {
  db: Kysely<unknown>;
  env: Record<string, string>;
  /** Tables, columns and indexes, as one sorted list. */
  schema(): Promise<string[]>;
  close(): Promise<void>;
}

async function target(dialect: Awaited<typeof dialects>[number]): Promise<Target> {
  const url = await dialect.create();
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      env: { DATABASE_URL: url, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'natter-mig-')) },
      async schema() {
        const cols = await sql<{ s: string }>`select table_name || '.' || column_name as s from information_schema.columns where table_schema = 'public'`.execute(db);
        const idx = await sql<{ s: string }>`select 'index ' || indexname as s from pg_indexes where schemaname = 'public'`.execute(db);
        return [...cols.rows, ...idx.rows].map((r) => r.s).sort();
      },
      close: () => db.destroy(),
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'natter-mig-'));
  dirs.push(dir);
  const file = path.join(dir, 'natter.db');
  const sqlite = new SQLite(file);
  const db = new Kysely<unknown>({ dialect: new TransactionalSqliteDialect({ database: sqlite }) });
  return {
    db,
    env: { DATA_DIR: dir },
    async schema() {
      const rows = await sql<{ s: string }>`select m.type || ' ' || m.name || coalesce('.' || p.name, '') as s from sqlite_master m left join pragma_table_info(m.name) p on m.type = 'table'`.execute(db);
      return rows.rows.map((r) => r.s).sort();
    },
    close: () => db.destroy(),
  };
}

async function applied(db: Kysely<unknown>): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

function runServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: SERVER_DIR,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', WEB_DIST: '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => child.on('exit', (code) => (clearTimeout(timer), resolve({ code, output }))));
}

describe.each(dialects)('migrations on $name', (dialect) => {
  afterAll(() => dialect.dropAll());

  it('rolls back every pending migration when one fails, rows included, and names it', async () => {
    const t = await target(dialect);
    try {
      await migrateToLatest(t.db, OLD);
      await sql`insert into users (id, username, username_key, password_hash, created_at) values ('u1', 'alice', 'alice', 'x', 1)`.execute(t.db);
      const before = await t.schema();
      const failing: Migration = {
        async up(db) {
          await db.schema.createTable('half_done').addColumn('id', 'text').execute();
          await sql`update users set username = 'changed'`.execute(db);
          throw new Error('deliberate failure');
        },
      };
      const err = await migrateToLatest(t.db, { ...migrations, '9999_fails': failing }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MigrationError);
      expect((err as Error).message).toContain('database migration 9999_fails failed: deliberate failure');
      expect((err as Error).message).toContain('the database is as it was');
      expect((err as MigrationError).pending).toEqual([...names.filter((n) => n >= '0006'), '9999_fails']);
      // 0006 and 0007 ran before the failure; they are gone with it.
      expect(await t.schema()).toEqual(before);
      expect(await applied(t.db)).toEqual(Object.keys(OLD).sort());
      const rows = await sql<{ username: string }>`select username from users`.execute(t.db);
      expect(rows.rows).toEqual([{ username: 'alice' }]);
      // Once the cause is gone the same start applies them all.
      expect(await migrateToLatest(t.db)).toEqual(names.filter((n) => n >= '0006'));
      expect(await applied(t.db)).toEqual(names);
    } finally {
      await t.close();
    }
  });

  it('a server whose migration fails says which one and why, exits non-zero, and changes nothing', async () => {
    const t = await target(dialect);
    try {
      await migrateToLatest(t.db, OLD);
      // A table in the way makes 0007 fail after it has altered two tables.
      await sql`create table message_changes (x integer)`.execute(t.db);
      const before = await t.schema();
      const { code, output } = await runServer(t.env);
      expect(code).toBe(1);
      expect(output).toMatch(/database migration 0007_message_changes failed: .*message_changes.*exists/i);
      expect(output).toContain(`None of the pending migrations (${names.filter((n) => n >= '0006').join(', ')}) was applied`);
      expect(output).not.toMatch(/^\s+at /m);
      expect(await t.schema()).toEqual(before);
      expect(await applied(t.db)).toEqual(Object.keys(OLD).sort());
    } finally {
      await t.close();
    }
  });
});
